import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthSidecarProcess as SidecarProcess, GatewayProcess, KafkaBroker } from '@cmf/test-harness';
import { ChatFixture, rawHandshake } from '../support/chat-fixture.js';
import { JwksServer } from '../support/jwks-server.js';
import { signingKey } from '../support/signing-key.js';
import { TokenMinter } from '../support/token-minter.js';

// Behind an Ingress every handshake comes from the controller's address. With the controller
// trusted (CMF_TRUSTED_PROXIES), the sidecar's per-client handshake limit counts each client named
// by X-Forwarded-For; an untrusted peer's X-Forwarded-For is ignored, so a client cannot dodge the
// limit by naming itself.

const PREFIX = 'xff';
const ISSUER = 'https://idp.xff.test';
const AUDIENCE = 'cmf-gateway';

describe('the client address behind a trusted proxy', () => {
  let broker: KafkaBroker;
  let sidecar: SidecarProcess;
  let behindIngress: GatewayProcess;
  let direct: GatewayProcess;
  let minter: TokenMinter;
  let dir = '';
  const jwks = new JwksServer();

  beforeAll(async () => {
    broker = await KafkaBroker.start();
    await (await ChatFixture.create(broker.bootstrap, PREFIX, 1)).close();
    const key = await signingKey('k1', 'ES256');
    minter = new TokenMinter({ key, issuer: ISSUER, audience: AUDIENCE, subject: 'u1' });
    jwks.keys = [key.jwk];
    await jwks.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cmf-xff-'));
    const tokenFile = path.join(dir, 'client-token');
    fs.writeFileSync(tokenFile, randomBytes(24).toString('hex'));
    fs.writeFileSync(
      path.join(dir, 'issuers.json'),
      JSON.stringify([{ issuer: ISSUER, audience: AUDIENCE, jwksUrl: jwks.url }]),
    );
    sidecar = await SidecarProcess.start({
      env: {
        CMF_SIDECAR_ISSUERS_FILE: path.join(dir, 'issuers.json'),
        CMF_SIDECAR_CLIENT_TOKEN_FILE: tokenFile,
        // Two handshakes per client, then one a minute.
        CMF_SIDECAR_RATE_LIMIT_PER_MINUTE: '1',
        CMF_SIDECAR_RATE_LIMIT_BURST: '2',
      },
    });
    const env = (extra: Record<string, string>): Record<string, string> => ({
      CMF_AUTH_SIDECAR_URL: sidecar.url,
      CMF_AUTH_SIDECAR_TOKEN_FILE: tokenFile,
      ...extra,
    });
    [behindIngress, direct] = await Promise.all([
      GatewayProcess.start({
        brokers: broker.bootstrap,
        topicPrefix: PREFIX,
        env: env({ CMF_TRUSTED_PROXIES: '127.0.0.0/8' }),
      }),
      GatewayProcess.start({ brokers: broker.bootstrap, topicPrefix: PREFIX, env: env({}) }),
    ]);
  });

  afterAll(async () => {
    await Promise.allSettled([behindIngress.kill(), direct.kill(), sidecar.kill(), jwks.stop()]);
    await broker.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function handshake(target: GatewayProcess, forwardedFor: string): Promise<number> {
    const token = await minter.mint();
    const result = await rawHandshake(target.url, {
      'sec-websocket-protocol': `cmf.v1.json, cmf.token.${token}`,
      'x-forwarded-for': forwardedFor,
    });
    return result.status;
  }

  it('limits each forwarded client on its own when the peer is a trusted proxy', async () => {
    const first = [];
    for (let i = 0; i < 3; i++) first.push(await handshake(behindIngress, '198.51.100.1, 127.0.0.9'));
    expect(first).toEqual([101, 101, 429]);
    // Another client behind the same proxy has its own budget.
    expect(await handshake(behindIngress, '198.51.100.2')).toBe(101);
  });

  it('ignores X-Forwarded-For from a peer that is not trusted', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await handshake(direct, `203.0.113.${i + 1}`));
    // Every handshake counts against 127.0.0.1 however the header names the client.
    expect(statuses).toEqual([101, 101, 429]);
  });
});
