import { describe, expect, it } from 'vitest';
import type { ChatGateway } from '../api/v1alpha1/index.js';
import { podFiles } from './pod-files.js';
import { sidecarEnvironment } from './sidecar-environment.js';
import { servedGateway, SampleFile } from './test-support/chat-gateways.js';
import { GatewayCommand, optionTypes } from './test-support/inspect.js';

const sidecarOptions = optionTypes(GatewayCommand.Sidecar);

function environment(gateway: ChatGateway): Readonly<Record<string, string>> {
  return sidecarEnvironment(gateway, podFiles(gateway));
}

const issuer = { issuer: 'https://a.example', audience: 'cmf', jwksUrl: 'https://a.example/jwks' };

describe('sidecar environment', () => {
  const full = environment(servedGateway(SampleFile.Full));
  const minimal = environment(servedGateway(SampleFile.Minimal));

  it('names only variables the sidecar knows, in their formats', () => {
    for (const env of [full, minimal]) {
      for (const [name, value] of Object.entries(env)) {
        expect(sidecarOptions.has(name), name).toBe(true);
        if (sidecarOptions.get(name) === 'DurationMs') expect(value, name).toMatch(/^\d+(ms|s|m|h)$/);
        if (sidecarOptions.get(name) === 'Int') expect(value, name).toMatch(/^\d+$/);
      }
    }
  });

  it('keeps the authentication API on loopback and the probes on every interface', () => {
    expect(minimal).toMatchObject({
      CMF_SIDECAR_LISTEN_HOST: '127.0.0.1',
      CMF_SIDECAR_LISTEN_PORT: '8081',
      CMF_SIDECAR_ADMIN_HOST: '0.0.0.0',
      CMF_SIDECAR_ADMIN_PORT: '9091',
      CMF_SIDECAR_ISSUERS_FILE: '/etc/cmf/sidecar/issuers.json',
      CMF_SIDECAR_CLIENT_TOKEN_FILE: '/var/run/secrets/cmf/sidecar-token/token',
      CMF_SIDECAR_CLOCK_TOLERANCE: '30s',
      CMF_SIDECAR_QUERY_TOKEN: 'false',
    });
  });

  it('maps auth settings, the handshake rate per minute', () => {
    expect(full).toMatchObject({
      CMF_SIDECAR_MAX_TOKEN_AGE: '24h',
      CMF_SIDECAR_ALLOWED_ORIGINS: 'https://chat.example.com,https://app.example.com',
      CMF_SIDECAR_RATE_LIMIT_PER_MINUTE: '1200',
      CMF_SIDECAR_RATE_LIMIT_BURST: '40',
    });
    for (const name of [
      'CMF_SIDECAR_MAX_TOKEN_AGE',
      'CMF_SIDECAR_ALLOWED_ORIGINS',
      'CMF_SIDECAR_RATE_LIMIT_PER_MINUTE',
    ]) {
      expect(minimal).not.toHaveProperty([name]);
    }
    const flood = servedGateway(SampleFile.Minimal, {
      auth: { handshakeRateLimit: { perSecond: 100_000, burst: 100_000 } },
    });
    expect(environment(flood)['CMF_SIDECAR_RATE_LIMIT_PER_MINUTE']).toBe('1000000');
  });

  it('sets no global typ: each issuer carries its own in issuers.json', () => {
    const both = servedGateway(SampleFile.Minimal, {
      auth: {
        issuers: [
          { ...issuer, tokenType: 'at+jwt' },
          { ...issuer, issuer: 'https://b.example', tokenType: 'at+jwt' },
        ],
      },
    });
    for (const env of [environment(both), full, minimal]) expect(env).not.toHaveProperty(['CMF_SIDECAR_TYP']);
  });
});
