import { describe, expect, it } from 'vitest';
import { parseAuthenticateBody, parseRefreshBody } from './request-bodies.js';

describe('parseAuthenticateBody', () => {
  it('reads the three handshake headers case-insensitively and ignores every other header', () => {
    expect(
      parseAuthenticateBody({
        headers: {
          Authorization: 'Bearer t',
          origin: 'https://a.example',
          'x-user-id': 'admin',
          cookie: 'c=1',
        },
        query: 'a=1',
        remoteAddress: '::ffff:10.0.0.1',
      }),
    ).toEqual({
      ok: true,
      value: {
        headers: { authorization: 'Bearer t', origin: 'https://a.example' },
        query: 'a=1',
        remoteAddress: '::ffff:10.0.0.1',
      },
    });
    expect(parseAuthenticateBody({ headers: {}, query: null, remoteAddress: 'fe80::1%eth0' })).toMatchObject({
      ok: true,
      value: { query: undefined },
    });
  });

  it.each([
    [null, 'expected a JSON object'],
    [[], 'expected a JSON object'],
    [{ remoteAddress: '1.2.3.4' }, 'headers: expected an object'],
    [
      { headers: { authorization: ['a'] }, remoteAddress: '1.2.3.4' },
      'headers.authorization: expected a string',
    ],
    [{ headers: { Origin: 'a', origin: 'b' }, remoteAddress: '1.2.3.4' }, 'headers.origin: given twice'],
    [{ headers: {}, remoteAddress: '1.2.3.4', query: 5 }, 'query: expected the raw query string'],
    [{ headers: {} }, 'remoteAddress: expected the client IP address'],
    [{ headers: {}, remoteAddress: 'gateway.local' }, 'remoteAddress: expected the client IP address'],
  ])('refuses %j', (body, message) => {
    const result = parseAuthenticateBody(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it('never quotes a header value in its message (it may be a token)', () => {
    const result = parseAuthenticateBody({ headers: { authorization: 'Bearer secret' }, remoteAddress: 'x' });
    expect(JSON.stringify(result)).not.toContain('secret');
  });
});

describe('parseRefreshBody', () => {
  it('needs a token and a user id', () => {
    expect(parseRefreshBody({ token: 't', userId: 'u1' })).toEqual({
      ok: true,
      value: { token: 't', userId: 'u1' },
    });
    expect(parseRefreshBody({ token: '', userId: 'u1' })).toMatchObject({
      ok: false,
      message: 'token: expected a non-empty string',
    });
    expect(parseRefreshBody({ token: 't' })).toMatchObject({
      ok: false,
      message: 'userId: expected a non-empty string',
    });
    expect(parseRefreshBody('t')).toMatchObject({ ok: false });
  });
});
