import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { issuersFile } from './issuers-file.js';
import { podFiles } from './pod-files.js';
import { repoRoot, servedGateway, SampleFile } from './test-support/chat-gateways.js';

// The sidecar's accepted fields, read from its parser (gateway/src/sidecar/parse-issuers.ts).
const parser = readFileSync(path.join(repoRoot, 'gateway/src/sidecar/parse-issuers.ts'), 'utf8');
const knownFields = new Set(
  [...(/const FIELDS = \[([^\]]*)\]/.exec(parser)?.[1] ?? '').matchAll(/'(\w+)'/g)].map((match) => match[1]),
);

describe('issuers.json', () => {
  const gateway = servedGateway(SampleFile.Full);
  const entries = JSON.parse(issuersFile(gateway, podFiles(gateway))) as Record<string, unknown>[];

  it('has one entry per issuer, with only fields the sidecar reads', () => {
    expect(knownFields.size).toBeGreaterThan(0);
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      for (const field of Object.keys(entry)) expect(knownFields.has(field), field).toBe(true);
    }
  });

  it('points a JWKS issuer at its URL and a static-key issuer at its mounted Secret file', () => {
    expect(entries[0]).toEqual({
      issuer: 'https://id.example.com/realms/chat',
      audience: 'cmf-gateway',
      jwksUrl: 'https://id.example.com/realms/chat/protocol/openid-connect/certs',
      algorithms: ['RS256', 'ES256'],
      typ: 'at+jwt',
    });
    expect(entries[1]).toEqual({
      issuer: 'https://partner.example.org',
      audience: 'cmf-gateway',
      publicKeyFiles: ['/var/run/secrets/cmf/issuer-keys/1/keys'],
      algorithms: ['EdDSA'],
    });
  });

  it("writes the CRD's default algorithms when the spec names none", () => {
    const minimal = servedGateway(SampleFile.Minimal);
    const [entry] = JSON.parse(issuersFile(minimal, podFiles(minimal))) as Record<string, unknown>[];
    expect(entry?.['algorithms']).toEqual(['RS256', 'ES256', 'EdDSA']);
  });

  it("writes each tokenType as its own issuer's typ and leaves typ out where none is set", () => {
    const mixed = servedGateway(SampleFile.Minimal, {
      auth: {
        issuers: [
          {
            issuer: 'https://a.example',
            audience: 'cmf',
            jwksUrl: 'https://a.example/jwks',
            tokenType: 'at+jwt',
          },
          {
            issuer: 'https://b.example',
            audience: 'cmf',
            jwksUrl: 'https://b.example/jwks',
            tokenType: 'jwt',
          },
          { issuer: 'https://c.example', audience: 'cmf', jwksUrl: 'https://c.example/jwks' },
        ],
      },
    });
    const written = JSON.parse(issuersFile(mixed, podFiles(mixed))) as Record<string, unknown>[];
    expect(written.map((entry) => entry['typ'])).toEqual(['at+jwt', 'jwt', undefined]);
    expect(written[2]).not.toHaveProperty('typ');
  });

  it('renders an empty list when the spec has no issuers, which the sidecar accepts and refuses every token', () => {
    const empty = servedGateway(SampleFile.Minimal, { auth: { issuers: [] } });
    const absent = servedGateway(SampleFile.Minimal);
    delete (absent.spec.auth as { issuers?: unknown }).issuers;
    for (const none of [empty, absent]) expect(JSON.parse(issuersFile(none, podFiles(none)))).toEqual([]);
  });
});
