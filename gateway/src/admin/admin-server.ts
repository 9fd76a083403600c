import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the admin port needs to know; each probe is a cheap synchronous read. */
export interface AdminProbes {
  /** Alive: the event loop answers. False only when the process should be restarted. */
  live(): boolean;
  /** Ready to serve (the gateway: history warm, not draining). Returns the reasons when not. */
  readiness(): { ready: boolean; reasons: readonly string[] };
  /** Prometheus text exposition. */
  metrics(): Promise<string> | string;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * `/healthz`, `/readyz` and `/metrics` on their own port, away from client traffic: the gateway's
 * and the operator's (`@cmf/gateway/admin`).
 */
export class AdminServer {
  private readonly server: http.Server;

  constructor(private readonly probes: AdminProbes) {
    this.server = http.createServer((req, res) => {
      void this.route(req, res);
    });
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, resolve);
    });
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => {
        resolve();
      });
      this.server.closeAllConnections();
    });
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      json(res, 405, {
        error: 'method_not_allowed',
        message: `${req.method ?? ''} is not allowed on the admin port`,
      });
      return;
    }
    switch (path) {
      case '/healthz':
        if (this.probes.live()) json(res, 200, { status: 'ok' });
        else json(res, 503, { status: 'unhealthy' });
        return;
      case '/readyz': {
        const { ready, reasons } = this.probes.readiness();
        json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', reasons });
        return;
      }
      case '/metrics':
        try {
          const text = await this.probes.metrics();
          res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
          res.end(text);
        } catch (err) {
          json(res, 500, { error: 'metrics_failed', message: (err as Error).message });
        }
        return;
      default:
        json(res, 404, { error: 'not_found', message: `no admin endpoint ${path ?? ''}` });
    }
  }
}
