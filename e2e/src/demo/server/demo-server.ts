import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pageConfig, type DemoConfig } from '../config/demo-config.js';
import { forwardToMessenger, upstreamPath } from './messenger-proxy.js';
import { readStaticFile } from './static-files.js';

/** The page is a demo: no caching, so a rebuilt page shows at the next reload. */
const NO_STORE = { 'cache-control': 'no-store' };

/** `cmf-demo`'s HTTP server: the built page, `/config.json`, and (optionally) the messenger proxy. */
export class DemoServer {
  private constructor(
    private readonly server: Server,
    readonly port: number,
    readonly host: string,
  ) {}

  static async start(config: DemoConfig, log: (line: string) => void = () => undefined): Promise<DemoServer> {
    const server = createServer((req, res) => {
      handle(config, req, res).catch((err: unknown) => {
        log(`request ${req.method ?? ''} ${req.url ?? ''} failed: ${String(err)}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.listen.port, config.listen.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    return new DemoServer(server, port, config.listen.host);
  }

  get url(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${host}:${this.port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server.close(() => {
        resolve();
      }),
    );
  }
}

async function handle(config: DemoConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://demo.invalid');
  const urlPath = url.pathname;
  const upstream = config.messengerProxy ? upstreamPath(urlPath) : undefined;
  if (upstream !== undefined) {
    forwardToMessenger(config.messengerUrl, upstream + url.search, req, res);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
    res.end('method not allowed');
    return;
  }
  if (urlPath === '/config.json') {
    res.writeHead(200, { 'content-type': 'application/json', ...NO_STORE });
    res.end(JSON.stringify(pageConfig(config)));
    return;
  }
  if (urlPath === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
    return;
  }
  const file = await readStaticFile(config.pageDir, urlPath);
  if (file === undefined) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end(urlPath === '/' ? 'the demo page is not built: run build-page first' : 'not found');
    return;
  }
  res.writeHead(200, { 'content-type': file.contentType, ...NO_STORE });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}
