import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthSidecarProcess } from '@cmf/test-harness';
import type { ChatGateway } from '../../src/api/v1alpha1/index.js';
import { issuersFile } from '../../src/render/issuers-file.js';
import { podFiles } from '../../src/render/pod-files.js';
import { sidecarEnvironment } from '../../src/render/sidecar-environment.js';
import { servedGateway, SampleFile } from '../../src/render/test-support/chat-gateways.js';

// The rendered issuers.json and sidecar variables read by the real auth sidecar (the gateway's
// built cmf-auth-sidecar): each issuer's tokenType is enforced for that issuer alone, and an empty
// issuers list starts a sidecar that refuses every token. The pod's files live in a temporary
// directory here, so the key file paths are moved there.

const CLIENT_TOKEN = 'operator-test-client-token-0123456789';
const A = 'https://a.example';
const B = 'https://b.example';

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

function thumbprint(key: KeyObject): string {
  const { crv, kty, x } = key.export({ format: 'jwk' });
  return createHash('sha256').update(JSON.stringify({ crv, kty, x })).digest('base64url');
}

function token(privateKey: KeyObject, kid: string, iss: string, typ: string): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url(JSON.stringify({ alg: 'EdDSA', kid, typ }));
  const body = b64url(JSON.stringify({ iss, aud: 'cmf', sub: 'u1', iat: now, exp: now + 600, rooms: [] }));
  return `${head}.${body}.${b64url(sign(null, Buffer.from(`${head}.${body}`), privateKey))}`;
}

describe('rendered issuers on the real auth sidecar', () => {
  let sidecar: AuthSidecarProcess | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await sidecar?.kill();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  /** Starts the sidecar with what the operator renders for `gateway`; its API port. */
  async function startSidecar(gateway: ChatGateway, publicKeyPem: string): Promise<number> {
    dir = mkdtempSync(path.join(tmpdir(), 'cmf-issuers-'));
    const files = podFiles(gateway);
    const keyFile = path.join(dir, 'keys.pem');
    writeFileSync(keyFile, publicKeyPem);
    const entries = (JSON.parse(issuersFile(gateway, files)) as { publicKeyFiles?: string[] }[]).map(
      (entry) => (entry.publicKeyFiles === undefined ? entry : { ...entry, publicKeyFiles: [keyFile] }),
    );
    const issuers = path.join(dir, 'issuers.json');
    writeFileSync(issuers, JSON.stringify(entries));
    const clientToken = path.join(dir, 'token');
    writeFileSync(clientToken, CLIENT_TOKEN);
    sidecar = await AuthSidecarProcess.start({
      env: {
        ...sidecarEnvironment(gateway, files),
        CMF_SIDECAR_ISSUERS_FILE: issuers,
        CMF_SIDECAR_CLIENT_TOKEN_FILE: clientToken,
      },
    });
    return sidecar.port;
  }

  async function authenticate(api: number, jwt: string): Promise<{ ok: boolean; detail?: string }> {
    const response = await fetch(`http://127.0.0.1:${api}/v1/authenticate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ headers: { authorization: `Bearer ${jwt}` }, remoteAddress: '203.0.113.7' }),
    });
    return (await response.json()) as { ok: boolean; detail?: string };
  }

  it("enforces each issuer's tokenType on that issuer's tokens only", async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const keyRef = { name: 'issuer-keys', key: 'pub' };
    const gateway = servedGateway(SampleFile.Minimal, {
      auth: {
        issuers: [
          {
            issuer: A,
            audience: 'cmf',
            publicKeySecretRef: keyRef,
            algorithms: ['EdDSA'],
            tokenType: 'at+jwt',
          },
          { issuer: B, audience: 'cmf', publicKeySecretRef: keyRef, algorithms: ['EdDSA'] },
        ],
      },
    });
    const api = await startSidecar(gateway, publicKey.export({ format: 'pem', type: 'spki' }).toString());
    const kid = thumbprint(publicKey);
    expect(await authenticate(api, token(privateKey, kid, A, 'at+jwt'))).toMatchObject({ ok: true });
    expect(await authenticate(api, token(privateKey, kid, A, 'JWT'))).toMatchObject({
      ok: false,
      detail: 'wrong_typ',
    });
    expect(await authenticate(api, token(privateKey, kid, B, 'JWT'))).toMatchObject({ ok: true });
  });

  it('starts with no issuers and refuses every token', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const gateway = servedGateway(SampleFile.Minimal, { auth: { issuers: [] } });
    const api = await startSidecar(gateway, publicKey.export({ format: 'pem', type: 'spki' }).toString());
    const refused = await authenticate(api, token(privateKey, thumbprint(publicKey), A, 'at+jwt'));
    expect(refused.ok).toBe(false);
  });
});
