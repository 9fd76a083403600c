import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import type { Route } from './route.js';
import { Router } from './router.js';

const handle = (): Promise<{ status: number }> => Promise.resolve({ status: 200 });
const routes: Route[] = [
  { method: 'POST', template: '/v1/rooms', handle },
  { method: 'POST', template: '/v1/rooms/{room}/members', handle },
  { method: 'DELETE', template: '/v1/rooms/{room}/members/{user}', handle },
  { method: 'POST', template: '/internal/v1/memberships:check', handle },
];

describe('Router', () => {
  const router = new Router(routes);

  it('matches templates and decodes parameters', () => {
    const match = router.match('DELETE', '/v1/rooms/cr_1/members/user%40example');
    expect(match).toMatchObject({ kind: 'found', params: { room: 'cr_1', user: 'user@example' } });
    expect(router.match('POST', '/internal/v1/memberships:check').kind).toBe('found');
  });

  it('tells a wrong method from an unknown path', () => {
    expect(router.match('GET', '/v1/rooms')).toEqual({
      kind: 'wrong_method',
      template: '/v1/rooms',
      allow: ['POST'],
    });
    expect(router.match('POST', '/v1/nope')).toEqual({ kind: 'none' });
    expect(router.match('POST', '/v1/rooms//members')).toEqual({ kind: 'none' });
  });

  it('refuses a malformed percent-encoding with a 400', () => {
    expect(() => router.match('POST', '/v1/rooms/%E0%A4%A/members')).toThrow(ApiError);
  });
});
