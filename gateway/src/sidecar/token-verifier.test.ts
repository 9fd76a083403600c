import { CompactSign, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { nullLogger } from '../log/index.js';
import { Hs256KeySource } from './hs256-key-source.js';
import { KeySourceKind, type IssuerConfig } from './issuer-config.js';
import { JwksUnavailableError } from './jwks-unavailable-error.js';
import type { KeySource } from './key-source.js';
import { StaticKeySource } from './static-key-source.js';
import { TokenVerifier, type TokenPolicy, type TrustedIssuer } from './token-verifier.js';

const SECRET = new TextEncoder().encode('a-development-secret-of-at-least-32-bytes!');
const POLICY: TokenPolicy = {
  clockToleranceMs: 30_000,
  maxBytes: 8192,
  maxAgeMs: 0,
  typ: undefined,
  roomsClaim: 'rooms',
};
const now = (): number => Math.floor(Date.now() / 1000);

const rsa = await generateKeyPair('RS256');
const rsaBare = await exportJWK(rsa.publicKey);
const rsaJwk: JWK = { ...rsaBare, kid: 'r1' };
const otherBare = await exportJWK((await generateKeyPair('RS256')).publicKey);

function issuer(name: string, keys: KeySource, extra: Partial<IssuerConfig> = {}): TrustedIssuer {
  return {
    config: {
      issuer: name,
      audience: ['cmf', 'chat'],
      algorithms: ['RS256', 'ES256', 'EdDSA'],
      roomsClaim: undefined,
      typ: undefined,
      keys: { kind: KeySourceKind.Jwks, url: 'https://unused.test' },
      ...extra,
    },
    keys,
  };
}

function failing(error: Error): KeySource {
  return {
    getKey: () => Promise.reject(error),
    notReadyReason: () => undefined,
    start: () => undefined,
    stop: () => undefined,
  };
}

const issuers = [
  issuer('a', new StaticKeySource({ keys: [rsaJwk] })),
  issuer('custom', new StaticKeySource({ keys: [rsaJwk] }), { roomsClaim: 'chat_rooms' }),
  issuer('two-keys', new StaticKeySource({ keys: [rsaBare, otherBare] })),
  issuer('dev', new Hs256KeySource(SECRET), { algorithms: ['HS256'] }),
  issuer('down', failing(new JwksUnavailableError('down', 'connect ECONNREFUSED'))),
  issuer('buggy', failing(new TypeError('boom'))),
];

function verifier(policy: Partial<TokenPolicy> = {}): TokenVerifier {
  return new TokenVerifier(issuers, { ...POLICY, ...policy }, nullLogger);
}

async function token(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
  key: CryptoKey | Uint8Array = rsa.privateKey,
): Promise<string> {
  const alg = key instanceof Uint8Array ? 'HS256' : 'RS256';
  return new SignJWT({ iss: 'a', aud: 'chat', sub: 'u1', exp: now() + 60, ...claims })
    .setProtectedHeader({ alg, kid: 'r1', ...header })
    .sign(key);
}

describe('TokenVerifier', () => {
  it('accepts a good token with its user, expiry in ms and valid room grants', async () => {
    const exp = now() + 60;
    expect(
      await verifier().verify(await token({ exp, rooms: ['cr_1', 'bad room', 'cr_1', 3, 'cr_2'] })),
    ).toEqual({
      ok: true,
      identity: { userId: 'u1', expiresAt: exp * 1000, rooms: ['cr_1', 'cr_2'] },
      issuer: 'a',
    });
  });

  it('reads the rooms claim an issuer configures, and no grants from a claim that is not an array', async () => {
    const custom = await token({ iss: 'custom', chat_rooms: ['cr_9'], rooms: ['cr_1'] });
    expect(await verifier().verify(custom)).toMatchObject({ ok: true, identity: { rooms: ['cr_9'] } });
    expect(await verifier().verify(await token({ rooms: 'cr_1' }))).toMatchObject({
      ok: true,
      identity: { rooms: [] },
    });
  });

  it('applies the clock tolerance to exp and nbf', async () => {
    expect((await verifier().verify(await token({ exp: now() - 10, nbf: now() + 10 }))).ok).toBe(true);
    expect(await verifier({ clockToleranceMs: 0 }).verify(await token({ exp: now() - 10 }))).toMatchObject({
      reason: 'token_expired',
      detail: 'expired',
    });
    expect(await verifier({ clockToleranceMs: 0 }).verify(await token({ nbf: now() + 10 }))).toMatchObject({
      detail: 'not_yet_valid',
    });
  });

  it('enforces a maximum token age when set (iat then required)', async () => {
    const v = verifier({ maxAgeMs: 60_000 });
    expect((await v.verify(await token({ iat: now() - 30 }))).ok).toBe(true);
    expect(await v.verify(await token({ iat: now() - 600 }))).toMatchObject({
      reason: 'token_expired',
      detail: 'too_old',
    });
    expect(await v.verify(await token())).toMatchObject({ reason: 'invalid_token', detail: 'missing_iat' });
    expect(await v.verify(await token({ iat: now() + 600 }))).toMatchObject({ detail: 'iat_in_future' });
  });

  it("checks an issuer's own typ over the global one, and verifies PS256 and ES384 issuers", async () => {
    const ps = await generateKeyPair('PS256');
    const es = await generateKeyPair('ES384');
    const v = new TokenVerifier(
      [
        issuer('typed', new StaticKeySource({ keys: [rsaJwk] }), { typ: 'at+jwt' }),
        issuer('ps', new StaticKeySource({ keys: [{ ...(await exportJWK(ps.publicKey)), kid: 'p1' }] }), {
          algorithms: ['PS256'],
        }),
        issuer('es', new StaticKeySource({ keys: [{ ...(await exportJWK(es.publicKey)), kid: 'e1' }] }), {
          algorithms: ['ES384'],
        }),
      ],
      POLICY,
      nullLogger,
    );
    expect((await v.verify(await token({ iss: 'typed' }, { typ: 'at+jwt' }))).ok).toBe(true);
    expect(await v.verify(await token({ iss: 'typed' }))).toMatchObject({ detail: 'wrong_typ' });
    const signed = (iss: string, alg: string, kid: string, key: CryptoKey): Promise<string> =>
      new SignJWT({ iss, aud: 'chat', sub: 'u1', exp: now() + 60 })
        .setProtectedHeader({ alg, kid })
        .sign(key);
    expect((await v.verify(await signed('ps', 'PS256', 'p1', ps.privateKey))).ok).toBe(true);
    expect((await v.verify(await signed('es', 'ES384', 'e1', es.privateKey))).ok).toBe(true);
    // An issuer configured for PS256 does not take RS256, even with the right key type.
    expect(await v.verify(await signed('ps', 'RS256', 'p1', rsa.privateKey))).toMatchObject({
      detail: 'alg_not_allowed',
    });
  });

  it('checks the typ header when configured', async () => {
    const v = verifier({ typ: 'at+jwt' });
    expect((await v.verify(await token({}, { typ: 'at+JWT' }))).ok).toBe(true);
    expect((await v.verify(await token({}, { typ: 'application/at+jwt' }))).ok).toBe(true);
    expect(await v.verify(await token({}, { typ: 'JWT' }))).toMatchObject({ detail: 'wrong_typ' });
    expect(await v.verify(await token())).toMatchObject({ detail: 'wrong_typ' });
  });

  it.each([
    ['no iss', { iss: undefined }, {}, 'missing_iss'],
    ['an iss that is not a string', { iss: 5 }, {}, 'wrong_issuer'],
    ['no aud', { aud: undefined }, {}, 'missing_aud'],
    ['another aud', { aud: ['x', 'y'] }, {}, 'wrong_audience'],
    ['exp as a string', { exp: 'tomorrow' }, {}, 'invalid_claim'],
    ['an empty sub', { sub: '' }, {}, 'missing_sub'],
    ['a sub that is not a string', { sub: 42 }, {}, 'invalid_claim'],
    ['a kid that is not a string', {}, { kid: 7 }, 'unknown_kid'],
  ])('refuses %s', async (_name, claims, header, detail) => {
    expect(await verifier().verify(await token(claims, header))).toMatchObject({ ok: false, detail });
  });

  it('refuses a critical header extension it does not understand', async () => {
    const payload = new TextEncoder().encode(
      JSON.stringify({ iss: 'a', aud: 'chat', sub: 'u1', exp: now() + 60 }),
    );
    const t = await new CompactSign(payload)
      .setProtectedHeader({ alg: 'RS256', kid: 'r1', crit: ['cmf-ext'], 'cmf-ext': true })
      .sign(rsa.privateKey, { crit: { 'cmf-ext': true } });
    expect(await verifier().verify(t)).toMatchObject({ detail: 'unsupported_header' });
  });

  it('refuses a JWS algorithm outside the allow-list before touching keys', async () => {
    const ps = await generateKeyPair('PS256');
    const t = await new SignJWT({ iss: 'a', aud: 'chat', sub: 'u1', exp: now() + 60 })
      .setProtectedHeader({ alg: 'PS256', kid: 'r1' })
      .sign(ps.privateKey);
    expect(await verifier().verify(t)).toMatchObject({ reason: 'invalid_token', detail: 'alg_not_allowed' });
  });

  it('keeps HS256 and public-key issuers apart in both directions', async () => {
    expect((await verifier().verify(await token({ iss: 'dev' }, {}, SECRET))).ok).toBe(true);
    expect(await verifier().verify(await token({ iss: 'a' }, {}, SECRET))).toMatchObject({
      detail: 'alg_not_allowed',
      message: 'token algorithm is not allowed for its issuer (issuer a accepts RS256, ES256, EdDSA)',
    });
    expect(await verifier().verify(await token({ iss: 'dev' }))).toMatchObject({ detail: 'alg_not_allowed' });
  });

  it('refuses a kid-less token that several keys could verify', async () => {
    expect(await verifier().verify(await token({ iss: 'two-keys' }, { kid: undefined }))).toMatchObject({
      detail: 'ambiguous_key',
    });
  });

  it('fails closed with auth_unavailable when keys cannot be fetched, and refuses on unexpected errors', async () => {
    expect(await verifier().verify(await token({ iss: 'down' }))).toMatchObject({
      reason: 'auth_unavailable',
      detail: 'jwks_unavailable',
    });
    expect(await verifier().verify(await token({ iss: 'buggy' }))).toMatchObject({
      reason: 'invalid_token',
      detail: 'unverifiable',
    });
  });

  it('checks the size before anything else, in bytes', async () => {
    const v = verifier({ maxBytes: 300 });
    expect(await v.verify('é'.repeat(200))).toMatchObject({ detail: 'token_too_large' });
    expect(await v.verify('x'.repeat(301))).toMatchObject({ detail: 'token_too_large' });
    expect(await v.verify('x'.repeat(300))).toMatchObject({ detail: 'malformed' });
  });

  it('never puts any part of the token in a refusal', async () => {
    const t = await token({ iss: 'https://evil.example/<script>' }, { kid: '../../etc/passwd' });
    const refusal = await verifier().verify(t);
    expect(refusal.ok).toBe(false);
    expect(JSON.stringify(refusal)).not.toMatch(/evil|passwd|script/);
  });
});
