import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { DevHs256Authenticator } from './dev-hs256-authenticator.js';

const secret = 'a-development-secret-of-at-least-32-bytes!';
const auth = new DevHs256Authenticator({
  secret,
  roomsClaim: 'rooms',
  issuer: 'cmf-dev',
  audience: undefined,
  allowedOrigins: ['https://chat.example'],
});

async function token(
  claims: Record<string, unknown>,
  opts: { exp?: number | string; key?: string } = {},
): Promise<string> {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('u1').setIssuer('cmf-dev');
  if (opts.exp !== undefined) jwt = jwt.setExpirationTime(opts.exp);
  return jwt.sign(new TextEncoder().encode(opts.key ?? secret));
}

describe('DevHs256Authenticator', () => {
  it('accepts a valid bearer token and reads the user, expiry and room grants', async () => {
    const t = await token({ rooms: ['cr_1', 'cr_2', 7] }, { exp: '5m' });
    const result = await auth.authenticate({
      headers: { authorization: `Bearer ${t}` },
      remoteAddress: '127.0.0.1',
    });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.identity.userId).toBe('u1');
      expect([...result.identity.rooms]).toEqual(['cr_1', 'cr_2']);
      expect(result.identity.expiresAt).toBeGreaterThan(Date.now());
    }
  });

  it('reads the token from a cmf.token.<jwt> subprotocol entry', async () => {
    const t = await token({}, { exp: '5m' });
    const result = await auth.authenticate({
      headers: { 'sec-websocket-protocol': `cmf.v1.json, cmf.token.${t}` },
      remoteAddress: '127.0.0.1',
    });
    expect(result.ok).toBe(true);
  });

  it.each([
    ['no token', () => Promise.resolve({}), 'missing_token'],
    ['a token without exp', async () => ({ authorization: `Bearer ${await token({})}` }), 'invalid_token'],
    [
      'an expired token',
      async () => ({
        authorization: `Bearer ${await token({}, { exp: Math.floor(Date.now() / 1000) - 60 })}`,
      }),
      'token_expired',
    ],
    [
      'a token signed with another key',
      async () => ({ authorization: `Bearer ${await token({}, { exp: '5m', key: 'x'.repeat(40) })}` }),
      'invalid_token',
    ],
    [
      'a foreign origin',
      async () => ({
        origin: 'https://evil.example',
        authorization: `Bearer ${await token({}, { exp: '5m' })}`,
      }),
      'origin_not_allowed',
    ],
  ])('refuses %s', async (_name, headers, reason) => {
    const result = await auth.authenticate({ headers: await headers(), remoteAddress: '127.0.0.1' });
    expect(result).toMatchObject({ ok: false, reason });
  });

  it('refuses an unsigned (alg none) token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(
      JSON.stringify({ sub: 'u1', iss: 'cmf-dev', exp: Math.floor(Date.now() / 1000) + 60 }),
    ).toString('base64url');
    const result = await auth.authenticate({
      headers: { authorization: `Bearer ${header}.${body}.` },
      remoteAddress: '127.0.0.1',
    });
    expect(result).toMatchObject({ ok: false, reason: 'invalid_token' });
  });

  it('refuses a refreshed token for another user', async () => {
    const other = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u2')
      .setIssuer('cmf-dev')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));
    const result = await auth.refresh(other, { userId: 'u1', expiresAt: undefined, rooms: new Set() });
    expect(result).toMatchObject({
      ok: false,
      reason: 'invalid_token',
      message: 'a refreshed token must name the same user',
    });
  });
});
