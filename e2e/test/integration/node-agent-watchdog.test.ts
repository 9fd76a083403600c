import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane, eventually, repoRoot, runDir } from '@cmf/test-harness';

const MAIN = path.join(repoRoot, 'e2e', 'dist', 'src', 'node-agent', 'main.js');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// A node agent whose process dies without stopping (SIGKILL, OOM) must not leave containers behind.
describe('node agent process killed', () => {
  let plane: ControlPlane;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npx tsc --build e2e`);
    plane = await ControlPlane.start();
  });

  afterAll(async () => {
    await plane.destroy();
  });

  it('takes its containers with it', async () => {
    const agent = spawn(
      process.execPath,
      [
        MAIN,
        '--kubeconfig',
        plane.kubeconfig,
        '--node-name',
        'doomed',
        '--state-dir',
        mkdtempSync(path.join(runDir, 'node-agent-doomed-')),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        agent.stdout.once('data', () => {
          resolve();
        });
        agent.once('exit', (code) => {
          reject(new Error(`agent exited with ${String(code)}`));
        });
      });
      await plane.kubectl(['run', 'victim', '--image=cmf.test/http-echo:1', '--env=HOST=0.0.0.0']);
      let pid = 0;
      await eventually('the container runs', async () => {
        const ip = (await plane.kubectl(['get', 'pod', 'victim', '-o', 'jsonpath={.status.podIP}'])).trim();
        if (ip === '') return false;
        const reply = await fetch(`http://${ip.replace(/^10\.244\./, '127.0.')}:8080/`).catch(
          () => undefined,
        );
        if (reply === undefined) return false;
        pid = ((await reply.json()) as { pid: number }).pid;
        return true;
      });
      expect(alive(pid)).toBe(true);
      agent.kill('SIGKILL');
      await eventually('the container is gone', () => Promise.resolve(!alive(pid)), 30_000);
    } finally {
      agent.kill('SIGKILL');
    }
  });
});
