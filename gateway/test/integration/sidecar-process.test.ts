import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthSidecarProcess as SidecarProcess } from '@cmf/test-harness';
import { SidecarAuthenticator } from '../../src/auth/index.js';
import { JwksServer } from '../support/jwks-server.js';
import { signingKey, type SigningKey } from '../support/signing-key.js';
import { epochSeconds as now, TokenMinter, type MintOptions } from '../support/token-minter.js';

// The real `cmf-auth-sidecar` process (the built dist/src/sidecar/main.js), configured the way a
// Pod configures it (CMF_SIDECAR_* variables and a mounted issuers file), asked over HTTP the
// way the gateway asks it. Keys are generated per run; JWKS are served by the test on loopback.

const ISSUER_A = 'https://idp-a.test'; // JWKS: RS256, ES256 and EdDSA keys
const ISSUER_B = 'https://idp-b.test'; // a static PEM key file
const ISSUER_C = 'dev-hs'; // an HS256 secret file (development)
const ISSUER_D = 'https://idp-d.test'; // JWKS on its own server: rotation and outage
const AUDIENCE = 'cmf-gateway';
const ORIGIN = 'https://chat.example';
const SECRET = 'a-development-secret-of-at-least-32-bytes!';
const COOLDOWN_MS = 400;
/** What the operator generates per ChatGateway and mounts into both containers. */
const CLIENT_TOKEN = 'sidecar-client-token-0123456789abcdef';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

let sidecar: SidecarProcess;
let base = '';
let adminBase = '';
let dir = '';
const jwksA = new JwksServer();
const jwksD = new JwksServer();
let rsa: SigningKey;
let ec: SigningKey;
let ed: SigningKey;
let keyB: SigningKey;
let d1: SigningKey;
let d2: SigningKey;
let d3: SigningKey;
/** Mints every token of the test, and remembers them: none may appear in the sidecar's logs. */
let minter: TokenMinter;
let address = 0;

/** A fresh client address per call, so the handshake rate limit only bites where a test wants it. */
function nextAddress(): string {
  address++;
  return `10.1.${Math.floor(address / 250)}.${(address % 250) + 1}`;
}

function mint(options: MintOptions = {}): Promise<string> {
  return minter.mint(options);
}

function mintHs256(
  secret: string | Uint8Array,
  claims: Record<string, unknown>,
  kid?: string,
): Promise<string> {
  return minter.mintHs256(secret, claims, kid);
}

function forge(header: Record<string, unknown>, claims: Record<string, unknown>, signature = ''): string {
  return minter.forge(header, claims, signature);
}

async function post(url: string, body: unknown, clientToken: string | null = CLIENT_TOKEN): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(clientToken === null ? {} : { authorization: `Bearer ${clientToken}` }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function authenticate(
  headers: Record<string, string>,
  options: { remoteAddress?: string; query?: string } = {},
): Promise<Answer> {
  return post(`${base}/v1/authenticate`, {
    headers,
    remoteAddress: options.remoteAddress ?? nextAddress(),
    ...(options.query === undefined ? {} : { query: options.query }),
  });
}

function bearer(token: string, extra: Record<string, string> = {}): Promise<Answer> {
  return authenticate({ authorization: `Bearer ${token}`, ...extra });
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${sidecar.logs}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function refused(reason: string, detail: string, status: number): Answer {
  return { status, body: { ok: false, reason, detail, message: expect.any(String) as string } };
}

beforeAll(async () => {
  [rsa, ec, ed, keyB, d1, d2, d3] = await Promise.all([
    signingKey('rsa-1', 'RS256'),
    signingKey('ec-1', 'ES256'),
    signingKey('ed-1', 'EdDSA'),
    signingKey('b-1', 'RS256'),
    signingKey('rsa-d1', 'RS256'),
    signingKey('rsa-d2', 'RS256'),
    signingKey('rsa-d3', 'RS256'),
  ]);
  minter = new TokenMinter({
    key: rsa,
    issuer: ISSUER_A,
    audience: AUDIENCE,
    subject: 'u1',
    claims: { rooms: ['cr_1', 'cr_2'] },
  });
  jwksA.keys = [rsa.jwk, ec.jwk, ed.jwk];
  jwksD.keys = [d1.jwk];
  await jwksA.start();
  await jwksD.start();

  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cmf-sidecar-'));
  fs.writeFileSync(path.join(dir, 'b.pem'), keyB.spki);
  fs.writeFileSync(path.join(dir, 'c.secret'), `${SECRET}\n`);
  fs.writeFileSync(path.join(dir, 'client-token'), `${CLIENT_TOKEN}\n`);
  fs.writeFileSync(
    path.join(dir, 'issuers.json'),
    JSON.stringify([
      { issuer: ISSUER_A, audience: AUDIENCE, jwksUrl: jwksA.url },
      {
        issuer: ISSUER_B,
        audience: [AUDIENCE, 'other'],
        publicKeyFiles: [{ path: path.join(dir, 'b.pem'), kid: 'b-1' }],
      },
      { issuer: ISSUER_C, audience: AUDIENCE, hs256SecretFile: path.join(dir, 'c.secret') },
      { issuer: ISSUER_D, audience: AUDIENCE, jwksUrl: jwksD.url },
    ]),
  );

  sidecar = await SidecarProcess.start({
    env: {
      CMF_SIDECAR_ISSUERS_FILE: path.join(dir, 'issuers.json'),
      CMF_SIDECAR_CLIENT_TOKEN_FILE: path.join(dir, 'client-token'),
      CMF_SIDECAR_ALLOWED_ORIGINS: ORIGIN,
      // One a minute: the flood test must not depend on how fast this machine sends.
      CMF_SIDECAR_RATE_LIMIT_PER_MINUTE: '1',
      CMF_SIDECAR_RATE_LIMIT_BURST: '10',
      CMF_SIDECAR_JWKS_COOLDOWN: `${COOLDOWN_MS}ms`,
      CMF_SIDECAR_LOG_LEVEL: 'debug',
    },
  });
  base = sidecar.url;
  adminBase = sidecar.adminUrl;
});

afterAll(async () => {
  await sidecar.terminate();
  await jwksA.stop();
  await jwksD.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('cmf-auth-sidecar accepts', () => {
  it.each([
    ['RS256', () => rsa],
    ['ES256', () => ec],
    ['EdDSA', () => ed],
  ])('an %s token from the JWKS issuer, with its identity, expiry and room grants', async (_alg, key) => {
    const exp = now() + 120;
    const token = await mint({
      key: key(),
      exp,
      claims: { rooms: ['cr_1', 'cr_1', 'not a room', 7, 'cr_2'] },
    });
    expect(await bearer(token)).toEqual({
      status: 200,
      body: {
        ok: true,
        identity: { userId: 'u1', expiresAt: exp * 1000, rooms: ['cr_1', 'cr_2'] },
        issuer: ISSUER_A,
      },
    });
  });

  it('a token carried as a cmf.token.<jwt> subprotocol entry (browsers)', async () => {
    const token = await mint({ key: ec });
    const answer = await authenticate({
      'sec-websocket-protocol': `cmf.v1.json, cmf.token.${token}`,
      origin: ORIGIN,
    });
    expect(answer).toMatchObject({ status: 200, body: { ok: true, identity: { userId: 'u1' } } });
  });

  it('tokens of a static-key issuer and of an HS256 secret issuer', async () => {
    expect(await bearer(await mint({ key: keyB, iss: ISSUER_B, aud: 'other' }))).toMatchObject({
      status: 200,
      body: { ok: true, issuer: ISSUER_B },
    });
    expect(await bearer(await mintHs256(SECRET, { iss: ISSUER_C }))).toMatchObject({
      status: 200,
      body: { ok: true, issuer: ISSUER_C },
    });
  });

  it('a refresh for the same user, and refuses one naming another user', async () => {
    const same = await post(`${base}/v1/refresh`, { token: await mint({ key: ed }), userId: 'u1' });
    expect(same).toMatchObject({ status: 200, body: { ok: true, identity: { userId: 'u1' } } });
    const other = await post(`${base}/v1/refresh`, { token: await mint({ sub: 'u2' }), userId: 'u1' });
    expect(other).toEqual(refused('invalid_token', 'user_mismatch', 401));
    const expired = await post(`${base}/v1/refresh`, {
      token: await mint({ exp: now() - 120 }),
      userId: 'u1',
    });
    expect(expired).toEqual(refused('token_expired', 'expired', 401));
  });
});

describe('cmf-auth-sidecar refuses JWT attacks with the precise reason', () => {
  const cases: [string, () => Promise<string>, string, string][] = [
    [
      'alg none',
      () =>
        Promise.resolve(forge({ alg: 'none' }, { iss: ISSUER_A, aud: AUDIENCE, sub: 'u1', exp: now() + 60 })),
      'invalid_token',
      'alg_not_allowed',
    ],
    [
      'RS256 -> HS256 key confusion (HMAC keyed with the RSA public key PEM)',
      () => mintHs256(rsa.spki, { iss: ISSUER_A }, rsa.kid),
      'invalid_token',
      'alg_not_allowed',
    ],
    [
      'HS256 under the JWKS issuer keyed with the JWK modulus',
      () => mintHs256(Buffer.from(rsa.jwk.n ?? '', 'base64url'), { iss: ISSUER_A }, rsa.kid),
      'invalid_token',
      'alg_not_allowed',
    ],
    ['an unknown kid', () => mint({ kid: 'nobody-knows-me' }), 'invalid_token', 'unknown_kid'],
    ['a kid with path characters', () => mint({ kid: '../../etc/passwd' }), 'invalid_token', 'unknown_kid'],
    ['a kid with SQL characters', () => mint({ kid: "' OR 1=1 --" }), 'invalid_token', 'unknown_kid'],
    [
      'an embedded jwk header',
      () => mint({ header: { jwk: rsa.jwk } }),
      'invalid_token',
      'embedded_key_header',
    ],
    [
      'a jku header',
      () => mint({ header: { jku: `${jwksA.url}?evil=1` } }),
      'invalid_token',
      'embedded_key_header',
    ],
    [
      'an x5u header',
      () => mint({ header: { x5u: 'https://evil.example/cert.pem' } }),
      'invalid_token',
      'embedded_key_header',
    ],
    ['an x5c header', () => mint({ header: { x5c: ['MIIBIjAN'] } }), 'invalid_token', 'embedded_key_header'],
    ['an expired token', () => mint({ exp: now() - 120 }), 'token_expired', 'expired'],
    ['a token not valid yet (nbf)', () => mint({ nbf: now() + 600 }), 'invalid_token', 'not_yet_valid'],
    ['a token without exp', () => mint({ exp: null }), 'invalid_token', 'missing_exp'],
    ['a token without sub', () => mint({ sub: null }), 'invalid_token', 'missing_sub'],
    ['an untrusted issuer', () => mint({ iss: 'https://evil.example' }), 'invalid_token', 'wrong_issuer'],
    ['another audience', () => mint({ aud: 'someone-else' }), 'invalid_token', 'wrong_audience'],
    [
      "issuer A's kid presented under issuer B",
      () => mint({ iss: ISSUER_B }),
      'invalid_token',
      'unknown_kid',
    ],
    ["issuer D's key presented under issuer A", () => mint({ key: d1 }), 'invalid_token', 'unknown_kid'],
    [
      'a forged signature',
      async () => {
        const [h, p] = (await mint()).split('.');
        return forge(
          JSON.parse(Buffer.from(h ?? '', 'base64url').toString()) as Record<string, unknown>,
          {
            ...(JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<string, unknown>),
            sub: 'admin',
          },
          (await mint()).split('.')[2],
        );
      },
      'invalid_token',
      'bad_signature',
    ],
    ['garbage', () => Promise.resolve('not-a-jwt'), 'invalid_token', 'malformed'],
    ['a JWE-shaped token', () => Promise.resolve('a.b.c.d.e'), 'invalid_token', 'malformed'],
    [
      'a header that is not JSON',
      () => Promise.resolve(`${Buffer.from('{"alg":').toString('base64url')}.e30.c2ln`),
      'invalid_token',
      'malformed',
    ],
    [
      'a token truncated inside its payload',
      async () => {
        const token = await mint();
        return token.slice(0, token.indexOf('.') + 12);
      },
      'invalid_token',
      'malformed',
    ],
    [
      'a token with its signature cut short',
      async () => (await mint()).slice(0, -4),
      'invalid_token',
      'bad_signature',
    ],
    [
      'an oversized token',
      () => mint({ claims: { padding: 'x'.repeat(9 * 1024) } }),
      'invalid_token',
      'token_too_large',
    ],
  ];

  it.each(cases)('%s', async (_name, token, reason, detail) => {
    expect(await bearer(await token())).toEqual(refused(reason, detail, 401));
  });

  it('a query-string token while the query transport is disabled', async () => {
    const token = await mint();
    expect(await authenticate({}, { query: `room=cr_1&access_token=${token}` })).toEqual(
      refused('missing_token', 'query_token_disabled', 401),
    );
    expect(await authenticate({ authorization: 'Basic dTpw' })).toEqual(
      refused('missing_token', 'no_token', 401),
    );
  });

  it('stays healthy and keeps accepting good tokens afterwards', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await bearer(await mint())).toMatchObject({ status: 200, body: { ok: true } });
    expect(sidecar.child.exitCode).toBeNull();
  });
});

describe('cmf-auth-sidecar handshake policy', () => {
  it('refuses an Origin that is not on the allow-list and allows a listed one or none', async () => {
    const token = await mint();
    expect(await bearer(token, { origin: 'https://evil.example' })).toEqual(
      refused('origin_not_allowed', 'origin_not_listed', 403),
    );
    expect(await bearer(token, { origin: 'null' })).toEqual(
      refused('origin_not_allowed', 'origin_not_listed', 403),
    );
    expect((await bearer(token, { origin: ORIGIN })).status).toBe(200);
    expect((await bearer(token)).status).toBe(200);
  });

  it('limits a handshake flood per address (IPv6: per /64) and leaves other addresses alone', async () => {
    const token = await mint();
    const flood = async (remoteAddress: string, count: number): Promise<number[]> => {
      const statuses: number[] = [];
      for (let i = 0; i < count; i++) {
        statuses.push((await authenticate({ authorization: `Bearer ${token}` }, { remoteAddress })).status);
      }
      return statuses;
    };
    const statuses = await flood('192.0.2.7', 14);
    expect(statuses.slice(0, 10)).toEqual(new Array(10).fill(200));
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
    expect(await authenticate({ authorization: `Bearer ${token}` }, { remoteAddress: '192.0.2.7' })).toEqual(
      refused('rate_limited', 'too_many_handshakes', 429),
    );
    // The same client written IPv4-mapped is the same client.
    expect((await authenticate({}, { remoteAddress: '::ffff:192.0.2.7' })).status).toBe(429);
    expect(
      (await authenticate({ authorization: `Bearer ${token}` }, { remoteAddress: '192.0.2.8' })).status,
    ).toBe(200);

    await flood('2001:db8:0:7::1', 10);
    expect((await authenticate({}, { remoteAddress: '2001:db8:0:7::ffff' })).status).toBe(429);
    expect(
      (await authenticate({ authorization: `Bearer ${token}` }, { remoteAddress: '2001:db8:0:8::1' })).status,
    ).toBe(200);
  });
});

describe('cmf-auth-sidecar HTTP surface', () => {
  it('answers requests it cannot read with 400, 405, 404 and 413', async () => {
    expect(await post(`${base}/v1/authenticate`, '{not json')).toEqual({
      status: 400,
      body: { error: 'bad_request', message: 'request body is not valid JSON' },
    });
    expect(await post(`${base}/v1/authenticate`, { headers: {} })).toMatchObject({
      status: 400,
      body: { error: 'bad_request', message: expect.stringContaining('remoteAddress') as string },
    });
    expect(
      await post(`${base}/v1/authenticate`, { headers: { authorization: 5 }, remoteAddress: '1.2.3.4' }),
    ).toMatchObject({ status: 400, body: { error: 'bad_request' } });
    expect(await post(`${base}/v1/refresh`, { token: 'x' })).toMatchObject({ status: 400 });
    expect((await fetch(`${base}/v1/authenticate`)).status).toBe(405);
    expect((await fetch(`${base}/v2/authenticate`, { method: 'POST', body: '{}' })).status).toBe(404);
    const huge = await post(`${base}/v1/authenticate`, {
      headers: {},
      remoteAddress: '1.2.3.4',
      pad: 'x'.repeat(200_000),
    });
    expect(huge).toMatchObject({ status: 413, body: { error: 'body_too_large' } });
  });

  it('refuses API calls without the client token, or with a wrong one, with 401, and counts them', async () => {
    const request = { headers: { authorization: `Bearer ${await mint()}` }, remoteAddress: nextAddress() };
    const unauthorized = {
      status: 401,
      body: { error: 'unauthorized', message: 'a valid client token is required (Authorization: Bearer)' },
    };
    expect(await post(`${base}/v1/authenticate`, request, null)).toEqual(unauthorized);
    expect(await post(`${base}/v1/authenticate`, request, `${CLIENT_TOKEN}x`)).toEqual(unauthorized);
    expect(await post(`${base}/v1/refresh`, { token: 'x', userId: 'u1' }, 'short')).toEqual(unauthorized);
    const refusedByGateway = await new SidecarAuthenticator({ baseUrl: base, timeoutMs: 2000 }).authenticate({
      headers: request.headers,
      remoteAddress: request.remoteAddress,
    });
    // The gateway cannot read a 401 as a verdict on the client: it fails closed, as for an outage.
    expect(refusedByGateway).toMatchObject({ ok: false, reason: 'auth_unavailable' });
    const metrics = await (await fetch(`${adminBase}/metrics`)).text();
    expect(metrics).toMatch(/^cmf_auth_api_unauthorized_total ([4-9]|\d{2,})$/m);
    expect((await post(`${base}/v1/authenticate`, request)).status).toBe(200);
  });

  it('serves probes and metrics on the admin port, and never the authentication API', async () => {
    expect((await fetch(`${adminBase}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${adminBase}/readyz`)).json()).toEqual({ status: 'ready', reasons: [] });
    expect(
      (await post(`${adminBase}/v1/authenticate`, { headers: {}, remoteAddress: '1.2.3.4' })).status,
    ).toBe(404);
    const metrics = await (await fetch(`${adminBase}/metrics`)).text();
    expect(metrics).toContain('cmf_auth_decisions_total{result="accepted",reason="none",detail="none"}');
    expect(metrics).toContain(
      'cmf_auth_decisions_total{result="refused",reason="invalid_token",detail="alg_not_allowed"}',
    );
    expect(metrics).toContain(
      'cmf_auth_decisions_total{result="refused",reason="rate_limited",detail="too_many_handshakes"}',
    );
    expect(metrics).toMatch(
      new RegExp(`cmf_auth_jwks_refresh_total\\{issuer="${ISSUER_A}",result="ok"\\} \\d+`),
    );
    expect(metrics).toContain(`cmf_auth_issuer_keys_ready{issuer="${ISSUER_B}"} 1`);
  });
});

describe('cmf-auth-sidecar JWKS rotation and outage', () => {
  it('picks up a rotated key without a restart and drops the retired one', async () => {
    expect((await bearer(await mint({ key: d1, iss: ISSUER_D }))).status).toBe(200);
    jwksD.keys = [d2.jwk];
    const rotated = await mint({ key: d2, iss: ISSUER_D });
    // Within the cooldown after the last fetch an unknown kid is just unknown; after it, a refetch.
    await until('the rotated key to be accepted', async () => (await bearer(rotated)).status === 200);
    expect(await bearer(await mint({ key: d1, iss: ISSUER_D }))).toEqual(
      refused('invalid_token', 'unknown_kid', 401),
    );
  });

  it('fails closed with 503 while the JWKS is down for a kid it has not cached, and recovers', async () => {
    const port = jwksD.port;
    await jwksD.stop();
    await sleep(COOLDOWN_MS + 100);
    const fresh = await mint({ key: d3, iss: ISSUER_D });
    const answer = await bearer(fresh);
    expect(answer).toEqual(refused('auth_unavailable', 'jwks_unavailable', 503));
    expect(answer.body['message']).toContain('cannot be fetched');
    // A key it has cached keeps working through the outage.
    expect((await bearer(await mint({ key: d2, iss: ISSUER_D }))).status).toBe(200);
    // Once answered, the issuer stays ready: an identity-provider outage must not take pods out.
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    jwksD.keys = [d2.jwk, d3.jwk];
    await jwksD.start(port);
    await until(
      'the new key to be accepted once the JWKS is back',
      async () => (await bearer(fresh)).status === 200,
    );
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(`cmf_auth_jwks_refresh_total\\{issuer="${ISSUER_D}",result="error"\\} \\d+`),
    );
    expect(sidecar.logs).toContain('JWKS fetch failed');
  });
});

describe("the gateway's SidecarAuthenticator against the real sidecar", () => {
  it('gets identities and refusals through the contract the gateway relies on', async () => {
    const gateway = new SidecarAuthenticator({ baseUrl: base, timeoutMs: 2000, token: CLIENT_TOKEN });
    const exp = now() + 90;
    const token = await mint({ key: ed, exp });
    const accepted = await gateway.authenticate({
      headers: {
        authorization: `Bearer ${token}`,
        origin: ORIGIN,
        cookie: 'session=1',
        'x-user-id': 'admin',
      },
      remoteAddress: nextAddress(),
      query: 'room=cr_1',
    });
    expect(accepted).toEqual({
      ok: true,
      identity: { userId: 'u1', expiresAt: exp * 1000, rooms: new Set(['cr_1', 'cr_2']) },
    });
    expect(
      await gateway.authenticate({
        headers: { authorization: `Bearer ${token}` },
        remoteAddress: nextAddress(),
        query: `access_token=${token}`,
      }),
    ).toEqual({ ok: true, identity: expect.objectContaining({ userId: 'u1' }) as unknown });
    expect(
      await gateway.authenticate({
        headers: { origin: 'https://evil.example' },
        remoteAddress: nextAddress(),
      }),
    ).toEqual({ ok: false, reason: 'origin_not_allowed', message: 'origin is not allowed' });
    expect(
      await gateway.refresh(await mint({ sub: 'u2' }), {
        userId: 'u1',
        expiresAt: undefined,
        rooms: new Set(),
      }),
    ).toEqual({ ok: false, reason: 'invalid_token', message: 'a refreshed token must name the same user' });
  });
});

describe('cmf-auth-sidecar logs', () => {
  it('never contain a token', () => {
    const logs = sidecar.logs;
    expect(minter.minted.length).toBeGreaterThan(30);
    for (const token of minter.minted) {
      const signature = token.split('.')[2] ?? '';
      expect(logs).not.toContain(token);
      if (signature.length > 16) expect(logs).not.toContain(signature);
    }
    expect(logs).toContain('"msg":"refused"');
  });
});

describe('cmf-auth-sidecar shutdown', () => {
  it('exits 0 on SIGTERM', async () => {
    expect(await sidecar.terminate()).toBe(0);
    expect(sidecar.logs).toContain('"msg":"stopping"');
  });
});
