import net from 'node:net';
import type { Backend } from './endpoint-picker.js';

/**
 * One Service port: a TCP listener that pipes each connection to the backend `pick` chooses at
 * accept time, or closes it at once when there is none. Bytes are piped untouched, so HTTP
 * upgrades and WebSockets pass.
 */
export class ServicePortListener {
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly host: string,
    readonly port: number,
  ) {}

  /** Listens on `host:preferredPort`, or on a free port of `host` when that one is taken. */
  static async open(
    host: string,
    preferredPort: number,
    pick: () => Backend | undefined,
  ): Promise<ServicePortListener> {
    const server = net.createServer();
    const listen = (port: number): Promise<void> =>
      new Promise((resolve, reject) => {
        const onError = (err: Error): void => {
          reject(err);
        };
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          resolve();
        });
      });
    try {
      await listen(preferredPort);
    } catch {
      await listen(0);
    }
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('listener has no TCP address');
    const listener = new ServicePortListener(server, host, address.port);
    server.on('connection', (client) => {
      listener.forward(client, pick());
    });
    return listener;
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }

  private forward(client: net.Socket, backend: Backend | undefined): void {
    if (backend === undefined) {
      client.destroy();
      return;
    }
    const upstream = net.connect(backend.port, backend.host);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const done = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', done);
    upstream.on('error', done);
    client.on('close', done);
    upstream.on('close', done);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
