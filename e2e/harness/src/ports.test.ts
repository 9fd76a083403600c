import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePorts } from './ports.js';

describe('freePorts', () => {
  it('returns distinct ports that can be bound on loopback', async () => {
    const ports = await freePorts(5);
    expect(new Set(ports).size).toBe(5);
    for (const port of ports) {
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    }
  });
});
