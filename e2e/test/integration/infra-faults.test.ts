import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePorts } from '@cmf/test-harness';
import { InfraScriptError, runInfraScript, uniqueInstance } from '@cmf/test-harness';

function isListening(port: number): Promise<boolean> {
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

describe('infra scripts under fault', () => {
  it('refuses to start Kafka on a port another process holds, naming the port', async () => {
    const [port] = await freePorts(1);
    if (port === undefined) throw new Error('no port');
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const err = await runInfraScript('kafka.sh', ['start'], {
        CMF_INSTANCE: uniqueInstance('busy'),
        KAFKA_PORT: String(port),
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InfraScriptError);
      expect((err as InfraScriptError).output).toContain(`port ${port} is taken`);
    } finally {
      await new Promise<void>((resolve) =>
        squatter.close(() => {
          resolve();
        }),
      );
    }
  });

  it('gives up after its timeout, says what it waited for, shows the log and leaves nothing running', async () => {
    const [port, controllerPort] = await freePorts(2);
    if (port === undefined || controllerPort === undefined) throw new Error('no ports');
    const env = {
      CMF_INSTANCE: uniqueInstance('slow'),
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
      KAFKA_START_TIMEOUT: '1',
    };
    try {
      const err = await runInfraScript('kafka.sh', ['start'], env).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InfraScriptError);
      const output = (err as InfraScriptError).output;
      expect(output).toContain(`timed out after 1s waiting for Kafka to serve on 127.0.0.1:${port}`);
      expect(output).toMatch(/Last lines of .*kafka\.log/);
      expect(await isListening(port)).toBe(false);
      await expect(runInfraScript('kafka.sh', ['status'], env)).rejects.toThrow(/stopped/);
    } finally {
      await runInfraScript('kafka.sh', ['destroy'], env);
    }
  });
});
