import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { nullLogger } from '../log/index.js';
import { JwksUnavailableError } from './jwks-unavailable-error.js';
import { RemoteJwksSource, type JwksFetchResult, type RemoteJwksOptions } from './remote-jwks-source.js';

const k1: JWK = { ...(await exportJWK((await generateKeyPair('RS256')).publicKey)), kid: 'k1' };
const k2: JWK = { ...(await exportJWK((await generateKeyPair('ES256')).publicKey)), kid: 'k2' };
const TOKEN = { payload: '', signature: '' };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(5);
  }
}

/** A JWKS endpoint as a fetch function: answers with `answer()`, counts calls. */
function endpoint() {
  const state = {
    calls: 0,
    answer: (): Response | Error => Response.json({ keys: [k1] }),
  };
  const fetchImpl = ((): Promise<Response> => {
    state.calls++;
    const a = state.answer();
    return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
  }) as typeof fetch;
  return { state, fetchImpl };
}

const sources: RemoteJwksSource[] = [];
afterEach(() => {
  for (const s of sources.splice(0)) s.stop();
});

function source(fetchImpl: typeof fetch, options: Partial<RemoteJwksOptions> = {}) {
  const results: JwksFetchResult[] = [];
  const s = new RemoteJwksSource({
    issuer: 'https://idp.test',
    url: 'https://idp.test/jwks',
    cacheMaxAgeMs: 60_000,
    cooldownMs: 20,
    timeoutMs: 1000,
    maxStaleMs: 60_000,
    logger: nullLogger,
    fetch: fetchImpl,
    onFetch: (r) => results.push(r),
    ...options,
  });
  sources.push(s);
  return { s, results };
}

describe('RemoteJwksSource', () => {
  it('is not ready until a fetch succeeded, and says why', async () => {
    const { state, fetchImpl } = endpoint();
    state.answer = () => new Response('nope', { status: 500 });
    const { s, results } = source(fetchImpl);
    expect(s.notReadyReason()).toBe('JWKS of issuer https://idp.test not fetched yet');
    s.start();
    await until(() => results.length > 0);
    expect(s.notReadyReason()).toBe('JWKS of issuer https://idp.test not fetched yet: HTTP 500');
    await expect(s.getKey({ alg: 'RS256', kid: 'k1' }, TOKEN)).rejects.toBeInstanceOf(JwksUnavailableError);
    state.answer = () => Response.json({ keys: [k1] });
    // The background retry, after the cooldown.
    await until(() => s.notReadyReason() === undefined);
    expect(results[0]).toBe('error');
    expect(results.at(-1)).toBe('ok');
  });

  it.each([
    ['a network error', () => new TypeError('fetch failed'), 'error'],
    [
      'a redirect',
      () => new Response(null, { status: 302, headers: { location: 'https://evil.test/' } }),
      'error',
    ],
    ['a non-JSON answer', () => new Response('<html>'), 'invalid'],
    ['a JSON answer that is no key set', () => Response.json({ keys: 'no' }), 'invalid'],
    ['a huge answer', () => new Response('x'.repeat(600 * 1024)), 'invalid'],
  ])('counts %s as %s and serves no keys', async (_name, answer, result) => {
    const { state, fetchImpl } = endpoint();
    state.answer = answer;
    const { s, results } = source(fetchImpl);
    await expect(s.getKey({ alg: 'RS256', kid: 'k1' }, TOKEN)).rejects.toBeInstanceOf(JwksUnavailableError);
    expect(results).toEqual([result]);
  });

  it('picks up a new kid with a refetch after the cooldown, and only then', async () => {
    const { state, fetchImpl } = endpoint();
    const { s } = source(fetchImpl, { cooldownMs: 100 });
    await s.getKey({ alg: 'RS256', kid: 'k1' }, TOKEN);
    state.answer = () => Response.json({ keys: [k1, k2] });
    await expect(s.getKey({ alg: 'ES256', kid: 'k2' }, TOKEN)).rejects.toMatchObject({
      code: 'ERR_JWKS_NO_MATCHING_KEY',
    });
    expect(state.calls).toBe(1);
    await sleep(120);
    await expect(s.getKey({ alg: 'ES256', kid: 'k2' }, TOKEN)).resolves.toBeDefined();
    expect(state.calls).toBe(2);
  });

  it('keeps serving cached keys through an outage, fails closed for others, and does not hammer', async () => {
    const { state, fetchImpl } = endpoint();
    const { s } = source(fetchImpl, { cooldownMs: 400 });
    await s.getKey({ alg: 'RS256', kid: 'k1' }, TOKEN);
    state.answer = () => new TypeError('fetch failed');
    await sleep(420);
    await expect(s.getKey({ alg: 'ES256', kid: 'k2' }, TOKEN)).rejects.toThrow(
      'JWKS of issuer https://idp.test unavailable: kid not in the cached keys (fetch failed)',
    );
    expect(state.calls).toBe(2);
    // Within the cooldown after a failure, no handshake triggers another fetch.
    for (let i = 0; i < 5; i++) {
      await expect(s.getKey({ alg: 'ES256', kid: 'k2' }, TOKEN)).rejects.toBeInstanceOf(JwksUnavailableError);
    }
    await expect(s.getKey({ alg: 'RS256', kid: 'k1' }, TOKEN)).resolves.toBeDefined();
    expect(state.calls).toBe(2);
    expect(s.notReadyReason()).toBeUndefined();

    state.answer = () => Response.json({ keys: [k1, k2] });
    await sleep(420);
    await expect(s.getKey({ alg: 'ES256', kid: 'k2' }, TOKEN)).resolves.toBeDefined();
  });

  it('stops using cached keys once they are older than their cache age plus maxStale', async () => {
    const { state, fetchImpl } = endpoint();
    let offset = 0;
    const { s } = source(fetchImpl, { cacheMaxAgeMs: 30, maxStaleMs: 1000, now: () => Date.now() + offset });
    await s.getKey({ alg: 'RS256', kid: 'k1' }, TOKEN);
    state.answer = () => new TypeError('fetch failed');
    await sleep(40);
    await expect(s.getKey({ alg: 'RS256', kid: 'k1' }, TOKEN)).resolves.toBeDefined();
    offset = 2000;
    await expect(s.getKey({ alg: 'RS256', kid: 'k1' }, TOKEN)).rejects.toThrow('cached keys too old to use');
  });
});
