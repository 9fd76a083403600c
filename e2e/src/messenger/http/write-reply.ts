import type { ServerResponse } from 'node:http';
import { errorBody, type ApiError } from './api-error.js';
import type { ErrorStyle, Reply } from './route.js';

export function writeReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | undefined;
  if (typeof reply.body === 'string') {
    payload = reply.body;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json';
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** The refusal as the route's contract spells it (see ErrorStyle). */
export function errorReply(error: ApiError, style: ErrorStyle): Reply {
  if (style === 'json') return { status: error.status, headers: error.headers, body: errorBody(error) };
  return {
    status: error.status,
    headers: { ...error.headers, 'content-type': 'application/problem+json' },
    body: {
      type: `urn:cmf:messenger:error:${error.code}`,
      title: error.code,
      status: error.status,
      detail: error.message,
      ...errorBody(error),
    },
  };
}
