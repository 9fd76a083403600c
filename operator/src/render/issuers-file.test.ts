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
});
