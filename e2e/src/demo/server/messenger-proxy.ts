import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { MESSENGER_PROXY_PATH } from '../config/demo-config.js';

/** Only the public REST API is forwarded: never the membership API, faults or metrics. */
const FORWARDED_PREFIX = `${MESSENGER_PROXY_PATH}/v1/`;
/** Request headers the page's calls need; nothing else (cookies, hop-by-hop) goes upstream. */
const FORWARDED_HEADERS = ['authorization', 'content-type', 'content-length', 'accept', 'traceparent'];

/** The messenger path a page request names (`/messenger/v1/x` -> `/v1/x`), or undefined. */
export function upstreamPath(urlPath: string): string | undefined {
  return urlPath.startsWith(FORWARDED_PREFIX) ? urlPath.slice(MESSENGER_PROXY_PATH.length) : undefined;
}

/**
 * Forwards one page request to the messenger and streams its answer back unchanged. The page and
 * its API then share an origin, which is what a messenger without CORS headers needs.
 */
export function forwardToMessenger(
  messengerUrl: string,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const target = new URL(path, messengerUrl + '/');
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(target, { method: req.method ?? 'GET', headers }, (answer) => {
    const passed: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && name !== 'connection' && name !== 'keep-alive') passed[name] = value;
    }
    res.writeHead(answer.statusCode ?? 502, passed);
    answer.pipe(res);
  });
  upstream.on('error', (err) => {
    if (res.headersSent) {
      res.destroy(err);
      return;
    }
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: { code: 'messenger_unreachable', message: `messenger: ${err.message}` } }),
    );
  });
  req.pipe(upstream);
}
