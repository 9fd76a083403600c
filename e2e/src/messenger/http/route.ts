import type { IncomingMessage } from 'node:http';
import type { TraceContext } from '../trace/trace-context.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What a handler sees of one request. */
export interface RequestContext {
  readonly req: IncomingMessage;
  /** Path parameters by the names in the route template, URL-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly trace: TraceContext;
  /** The parsed JSON body (415, 413 and 400 bad_json are thrown from here). */
  body(): Promise<unknown>;
  /** Aborted when the client goes away, so a handler that waits can stop waiting. */
  readonly signal: AbortSignal;
}

export interface Reply {
  readonly status: number;
  /** JSON-encoded unless it is a string (sent as text/plain). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * How refusals are written: `json` is `{ "error": { code, message } }`; `problem` is RFC 9457
 * problem details (application/problem+json) carrying the same `error` member, as the membership
 * API's contract asks.
 */
export type ErrorStyle = 'json' | 'problem';

export interface Route {
  readonly method: HttpMethod;
  /** `/v1/rooms/{room}/messages`; also the `route` label of the metrics. */
  readonly template: string;
  readonly errorStyle?: ErrorStyle;
  readonly handle: (context: RequestContext) => Promise<Reply>;
}
