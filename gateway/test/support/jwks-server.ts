import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';

/**
 * An identity provider's JWKS endpoint on 127.0.0.1 whose keys the test swaps, and that it can
 * take down and bring back on the same port (an outage, then recovery).
 */
export class JwksServer {
  keys: JWK[] = [];
  /** Requests answered, to tell a refetch from a cache hit. */
  fetches = 0;
  port = 0;
  private server: http.Server | undefined;

  async start(port = 0): Promise<void> {
    const server = http.createServer((_req, res) => {
      this.fetches++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: this.keys }));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/jwks.json`;
  }
}
