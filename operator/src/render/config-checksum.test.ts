import { describe, expect, it } from 'vitest';
import { configChecksum } from './config-checksum.js';
import { renderOwnedObjects } from './render-owned-objects.js';
import { renderInput, SampleFile } from './test-support/chat-gateways.js';
import { podTemplateOf } from './test-support/inspect.js';

function checksum(spec: Record<string, unknown>, file: string = SampleFile.Minimal): string | undefined {
  return podTemplateOf(renderOwnedObjects(renderInput(file, spec))).metadata?.annotations?.[
    'cmf.io/config-checksum'
  ];
}

describe('config checksum', () => {
  it('is the same for equal data, whatever the key order', () => {
    expect(configChecksum([{ a: '1', b: '2' }])).toBe(configChecksum([{ b: '2', a: '1' }]));
    expect(configChecksum([{ a: '1' }])).not.toBe(configChecksum([{ a: '2' }]));
    expect(configChecksum([{ a: '1' }, {}])).not.toBe(configChecksum([{}, { a: '1' }]));
  });

  it("changes when either process's configuration changes", () => {
    const base = checksum({});
    expect(checksum({ logLevel: 'debug' })).not.toBe(base);
    expect(checksum({ limits: { maxConnections: 100 } })).not.toBe(base);
    expect(checksum({ auth: { allowedOrigins: ['https://chat.example.com'] } })).not.toBe(base);
    expect(
      checksum({
        auth: { issuers: [{ issuer: 'https://other.example', audience: 'x', jwksUrl: 'https://o/jwks' }] },
      }),
    ).not.toBe(base);
  });

  it('stays when only what the pod template already carries changes', () => {
    const base = checksum({});
    expect(checksum({ replicas: 5 })).toBe(base);
    expect(checksum({ resources: { gateway: { requests: { cpu: '2' } } } })).toBe(base);
    expect(checksum({ service: { port: 8080 } })).toBe(base);
    expect(checksum({ podMetadata: { annotations: { a: 'b' } } })).toBe(base);
  });
});
