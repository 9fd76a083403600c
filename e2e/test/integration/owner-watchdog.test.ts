import { spawn } from 'node:child_process';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { runInfraScript } from '@cmf/test-harness';

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

// A test run that dies without its teardown (SIGKILL, OOM) must not leave a broker behind.
describe('owner watchdog', () => {
  it('stops a broker whose owning test process was killed', async () => {
    const harness = new URL('../../harness/dist/src/index.js', import.meta.url).href;
    const script = `
      const { KafkaBroker } = await import(${JSON.stringify(harness)});
      const broker = await KafkaBroker.start();
      console.log(JSON.stringify({ port: broker.port, instance: broker.instance }));
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const started = await new Promise<{ port: number; instance: string }>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        resolve(JSON.parse(chunk.toString()) as { port: number; instance: string });
      });
      child.once('exit', (code) => {
        reject(new Error(`owner exited early with ${String(code)}`));
      });
    });
    try {
      expect(await listening(started.port)).toBe(true);
      child.kill('SIGKILL');
      const deadline = Date.now() + 60_000;
      while ((await listening(started.port)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 250));
      expect(await listening(started.port)).toBe(false);
    } finally {
      child.kill('SIGKILL');
      await runInfraScript('kafka.sh', ['destroy'], { CMF_INSTANCE: started.instance });
    }
  });
});
