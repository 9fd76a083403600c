import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, ApiErrorCode } from './http/api-error.js';
import { readJsonBody } from './http/read-json-body.js';
import type { ErrorStyle, Reply, RequestContext, Route } from './http/route.js';
import { Router } from './http/router.js';
import { errorReply, writeReply } from './http/write-reply.js';
import type { MessengerContext } from './messenger-context.js';
import { demoTokenRoutes } from './routes/demo-token-route.js';
import { faultRoutes } from './routes/fault-routes.js';
import { membershipCheckRoutes } from './routes/membership-check-route.js';
import { messageRoutes } from './routes/message-routes.js';
import { probeRoutes } from './routes/probe-routes.js';
import { roomRoutes } from './routes/room-routes.js';
import { formatTraceparent, startRequestTrace, TRACEPARENT_HEADER } from './trace/trace-context.js';

/** Every route this configuration serves; test-only routes exist only when enabled. */
export function messengerRoutes(app: MessengerContext): Route[] {
  return [
    ...probeRoutes(app),
    ...roomRoutes(app),
    ...messageRoutes(app),
    ...membershipCheckRoutes(app),
    ...(app.config.demoTokens ? demoTokenRoutes(app) : []),
    ...(app.config.faultInjection ? faultRoutes(app) : []),
  ];
}

const UNMATCHED = 'unmatched';
/** Any other method is labelled `other`, so made-up methods cannot grow the metrics. */
const KNOWN_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);

/**
 * The HTTP edge: routes the request, runs its handler, writes the reply, and turns every thrown
 * error into a status with a JSON error body (an unexpected one into 500 `internal`, logged).
 * Counts each request by route template and status, and each refusal by code.
 */
export function createMessengerHandler(
  app: MessengerContext,
): (req: IncomingMessage, res: ServerResponse) => void {
  const router = new Router(messengerRoutes(app));
  return (req, res) => {
    const header = req.headers[TRACEPARENT_HEADER];
    const method = KNOWN_METHODS.has(req.method ?? '') ? (req.method ?? 'GET') : 'other';
    const trace = startRequestTrace(method, Array.isArray(header) ? header[0] : header);
    res.setHeader(TRACEPARENT_HEADER, formatTraceparent(trace));
    const aborter = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) aborter.abort();
    });
    let template = UNMATCHED;
    let style: ErrorStyle = 'json';
    const run = async (): Promise<Reply> => {
      const pathname = new URL(req.url ?? '/', 'http://messenger').pathname;
      const match = router.match(method, pathname);
      if (match.kind === 'none')
        throw new ApiError(ApiErrorCode.NotFound, `no route for ${method} ${pathname}`);
      if (match.kind === 'wrong_method') {
        template = match.template;
        throw new ApiError(ApiErrorCode.MethodNotAllowed, `${method} is not allowed here`, {
          allow: match.allow.join(', '),
        });
      }
      template = match.route.template;
      style = match.route.errorStyle ?? 'json';
      const context: RequestContext = {
        req,
        params: match.params,
        trace,
        signal: aborter.signal,
        body: () => readJsonBody(req, app.config.limits.maxBodyBytes),
      };
      return match.route.handle(context);
    };
    void run()
      .catch((err: unknown) => {
        const error =
          err instanceof ApiError
            ? err
            : new ApiError(ApiErrorCode.Internal, 'the stand-in failed unexpectedly');
        if (!(err instanceof ApiError)) app.logger.error('request failed', { route: template, error: err });
        app.metrics.errors.inc({ route: template, code: error.code });
        return errorReply(error, style);
      })
      .then((reply) => {
        app.metrics.requests.inc({ route: template, method, status: String(reply.status) });
        trace.end(template, reply.status);
        if (res.destroyed) return;
        writeReply(res, reply);
        // A body we refused to read is left unread; closing after the answer keeps the connection sane.
        if (!req.complete) req.resume();
      });
  };
}
