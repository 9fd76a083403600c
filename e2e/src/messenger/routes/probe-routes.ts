import type { Route } from '../http/route.js';
import type { MessengerContext } from '../messenger-context.js';

export const JWKS_PATH = '/.well-known/jwks.json';

/** Probes, metrics and the public signing key: unauthenticated, as kubelet and verifiers expect. */
export function probeRoutes(app: MessengerContext): Route[] {
  return [
    {
      method: 'GET',
      template: '/healthz',
      handle: () => Promise.resolve({ status: 200, body: { status: 'ok' } }),
    },
    {
      method: 'GET',
      template: '/readyz',
      handle: () => {
        const reasons = app.notReadyReasons();
        return Promise.resolve(
          reasons.length === 0
            ? { status: 200, body: { status: 'ready', reasons } }
            : { status: 503, body: { status: 'not_ready', reasons } },
        );
      },
    },
    {
      method: 'GET',
      template: '/metrics',
      handle: () =>
        Promise.resolve({
          status: 200,
          headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
          body: app.metrics.render({ ready: app.notReadyReasons().length === 0, rooms: app.rooms.roomCount }),
        }),
    },
    {
      method: 'GET',
      template: JWKS_PATH,
      handle: () =>
        Promise.resolve({
          status: 200,
          headers: { 'cache-control': 'public, max-age=300' },
          body: { keys: [app.key.publicJwk] },
        }),
    },
  ];
}
