import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/index.js';
import { decisionStatus, type Decision } from './decision.js';
import type { AuthenticateRequest, RefreshRequest } from './handshake-authenticator.js';
import { parseAuthenticateBody, parseRefreshBody, type BodyResult } from './request-bodies.js';

/** The authentication API; served on the loopback listener only. */
export interface SidecarApi {
  authenticate(request: AuthenticateRequest): Promise<Decision>;
  refresh(request: RefreshRequest): Promise<Decision>;
}

/** Probes (cheap synchronous reads) and metrics, served on both listeners. */
export interface SidecarProbes {
  live(): boolean;
  readiness(): { readonly ready: boolean; readonly reasons: readonly string[] };
  /** The Prometheus text exposition, collected at scrape time. */
  metrics(): Promise<string>;
}

export interface SidecarServerOptions {
  /** Bodies above this are answered 413 without being read further. */
  readonly maxBodyBytes: number;
  readonly logger: Logger;
  /** Set: POST routes require `Authorization: Bearer <clientToken>` (401 otherwise). */
  readonly clientToken?: string;
  /** Called for each request refused for a missing or wrong client token. */
  readonly onUnauthorized?: () => void;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares digests, so neither the token's length nor its prefix leaks through timing. */
function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer (\S+)$/.exec(header ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected);
}

type Route = 'authenticate' | 'refresh' | 'healthz' | 'readyz' | 'metrics';

const POST_ROUTES: Readonly<Record<string, Route>> = {
  '/v1/authenticate': 'authenticate',
  '/v1/refresh': 'refresh',
};
const GET_ROUTES: Readonly<Record<string, Route>> = {
  '/healthz': 'healthz',
  '/readyz': 'readyz',
  '/metrics': 'metrics',
};

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    // Answers name users and their grants: nothing in between may keep them.
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function sendError(
  res: http.ServerResponse,
  status: number,
  error: string,
  message: string,
  headers?: http.OutgoingHttpHeaders,
): void {
  send(res, status, { error, message }, headers);
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/**
 * One HTTP listener of the sidecar. With an `api`, it serves `POST /v1/authenticate` and
 * `POST /v1/refresh` besides the probes (the loopback listener); without, only `/healthz`,
 * `/readyz` and `/metrics` (the admin listener kubelet and Prometheus reach). Every answer is
 * JSON but `/metrics`; a request body that is not the documented JSON is a 400.
 */
export class SidecarServer {
  private readonly server: http.Server;
  private readonly clientTokenDigest: Buffer | undefined;

  constructor(
    private readonly probes: SidecarProbes,
    private readonly api: SidecarApi | undefined,
    private readonly options: SidecarServerOptions,
  ) {
    this.clientTokenDigest = options.clientToken === undefined ? undefined : digest(options.clientToken);
    this.server = http.createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        options.logger.error('request failed', { error: err });
        if (!res.headersSent) sendError(res, 500, 'internal', 'the auth sidecar failed to answer');
        else res.destroy();
      });
    });
    // The gateway calls with a timeout of about a second; nothing legitimate takes longer.
    this.server.headersTimeout = 10_000;
    this.server.requestTimeout = 15_000;
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => {
        resolve();
      });
      this.server.closeIdleConnections();
    });
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const post = this.api === undefined ? undefined : POST_ROUTES[path];
    const get = GET_ROUTES[path];
    if (post !== undefined) {
      if (req.method !== 'POST') {
        sendError(res, 405, 'method_not_allowed', `${path} accepts POST only`, { allow: 'POST' });
        return;
      }
      await this.answer(req, res, post);
      return;
    }
    if (get !== undefined) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendError(res, 405, 'method_not_allowed', `${path} accepts GET only`, { allow: 'GET, HEAD' });
        return;
      }
      await this.probe(res, get);
      return;
    }
    sendError(res, 404, 'not_found', `no endpoint ${path}`);
  }

  private async probe(res: http.ServerResponse, route: Route): Promise<void> {
    if (route === 'healthz') {
      if (this.probes.live()) send(res, 200, { status: 'ok' });
      else send(res, 503, { status: 'unhealthy' });
    } else if (route === 'readyz') {
      const { ready, reasons } = this.probes.readiness();
      send(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', reasons });
    } else {
      const text = await this.probes.metrics();
      res.writeHead(200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    }
  }

  private async answer(req: http.IncomingMessage, res: http.ServerResponse, route: Route): Promise<void> {
    const api = this.api;
    if (api === undefined) return;
    if (
      this.clientTokenDigest !== undefined &&
      !bearerMatches(req.headers.authorization, this.clientTokenDigest)
    ) {
      this.options.onUnauthorized?.();
      sendError(res, 401, 'unauthorized', 'a valid client token is required (Authorization: Bearer)', {
        'www-authenticate': 'Bearer realm="cmf-auth-sidecar"',
      });
      req.resume();
      return;
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, this.options.maxBodyBytes);
    } catch (err) {
      if (!(err instanceof BodyTooLarge)) throw err;
      // The rest of the body is not read: the connection goes.
      sendError(res, 413, 'body_too_large', `request body larger than ${this.options.maxBodyBytes} bytes`, {
        connection: 'close',
      });
      res.on('finish', () => req.destroy());
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      sendError(res, 400, 'bad_request', 'request body is not valid JSON');
      return;
    }
    let decision: Decision;
    if (route === 'authenticate') {
      const parsed: BodyResult<AuthenticateRequest> = parseAuthenticateBody(body);
      if (!parsed.ok) {
        sendError(res, 400, 'bad_request', parsed.message);
        return;
      }
      decision = await api.authenticate(parsed.value);
    } else {
      const parsed: BodyResult<RefreshRequest> = parseRefreshBody(body);
      if (!parsed.ok) {
        sendError(res, 400, 'bad_request', parsed.message);
        return;
      }
      decision = await api.refresh(parsed.value);
    }
    send(res, decisionStatus(decision), decision);
  }
}
