import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SidecarAuthenticator } from './sidecar-authenticator.js';

// A stand-in sidecar whose answer each test sets; the real sidecar has its own process tests.
let answer: (body: Record<string, unknown>) => { status: number; body: string; delayMs?: number };
let received: Record<string, unknown>[] = [];
const server = http.createServer((req, res) => {
  let text = '';
  req.on('data', (c: Buffer) => (text += c.toString()));
  req.on('end', () => {
    const body = JSON.parse(text) as Record<string, unknown>;
    received.push({ path: req.url, ...body });
    const a = answer(body);
    setTimeout(() => {
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(a.body);
    }, a.delayMs ?? 0);
  });
});
let baseUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
});

const request = {
  headers: {
    authorization: 'Bearer t',
    cookie: 'secret=1',
    'x-user-id': 'admin',
    origin: 'https://a.example',
  },
  remoteAddress: '10.1.2.3',
};

describe('SidecarAuthenticator', () => {
  it('forwards only the auth headers and returns the sidecar identity', async () => {
    received = [];
    answer = () => ({
      status: 200,
      body: JSON.stringify({ ok: true, identity: { userId: 'u1', expiresAt: 5000, rooms: ['r1'] } }),
    });
    const result = await new SidecarAuthenticator({ baseUrl, timeoutMs: 1000 }).authenticate(request);
    expect(result).toEqual({ ok: true, identity: { userId: 'u1', expiresAt: 5000, rooms: new Set(['r1']) } });
    expect(received).toEqual([
      {
        path: '/v1/authenticate',
        headers: { authorization: 'Bearer t', origin: 'https://a.example' },
        remoteAddress: '10.1.2.3',
      },
    ]);
  });

  it('passes the sidecar refusal through', async () => {
    answer = () => ({
      status: 403,
      body: JSON.stringify({ ok: false, reason: 'origin_not_allowed', message: 'nope' }),
    });
    expect(await new SidecarAuthenticator({ baseUrl, timeoutMs: 1000 }).authenticate(request)).toEqual({
      ok: false,
      reason: 'origin_not_allowed',
      message: 'nope',
    });
  });

  it.each([
    ['a slow sidecar', () => ({ status: 200, body: '{}', delayMs: 300 }), /did not answer within 100 ms/],
    ['a non-JSON answer', () => ({ status: 502, body: '<html>' }), /without JSON/],
    [
      'an unknown reason',
      () => ({ status: 401, body: JSON.stringify({ ok: false, reason: 'whatever' }) }),
      /no known reason/,
    ],
    [
      'an identity without a user',
      () => ({ status: 200, body: JSON.stringify({ ok: true, identity: { rooms: [] } }) }),
      /cannot read/,
    ],
  ])('fails closed on %s', async (_name, a, message) => {
    answer = a;
    const result = await new SidecarAuthenticator({ baseUrl, timeoutMs: 100 }).authenticate(request);
    expect(result).toMatchObject({
      ok: false,
      reason: 'auth_unavailable',
      message: expect.stringMatching(message) as string,
    });
  });

  it('fails closed when nothing listens', async () => {
    const result = await new SidecarAuthenticator({
      baseUrl: 'http://127.0.0.1:1',
      timeoutMs: 500,
    }).authenticate(request);
    expect(result).toEqual({ ok: false, reason: 'auth_unavailable', message: 'auth sidecar unreachable' });
  });

  it('refreshes with the current user id', async () => {
    received = [];
    answer = () => ({
      status: 200,
      body: JSON.stringify({ ok: true, identity: { userId: 'u1', expiresAt: null, rooms: [] } }),
    });
    const result = await new SidecarAuthenticator({ baseUrl, timeoutMs: 1000 }).refresh('tok', {
      userId: 'u1',
      expiresAt: 1,
      rooms: new Set(),
    });
    expect(result).toEqual({ ok: true, identity: { userId: 'u1', expiresAt: undefined, rooms: new Set() } });
    expect(received).toEqual([{ path: '/v1/refresh', token: 'tok', userId: 'u1' }]);
  });
});
