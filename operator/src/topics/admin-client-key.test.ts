import { describe, expect, it } from 'vitest';
import { adminClientKey } from './admin-client-key.js';
import type { KafkaConnection } from './topic-reconciler.js';

const base: KafkaConnection = {
  brokers: ['kafka-0:9092', 'kafka-1:9092'],
  clientId: 'cmf-operator',
  connectTimeoutMs: 10_000,
};
const sasl = { mechanism: 'scram-sha-512', username: 'cmf', password: 's3cret' } as const;

describe('adminClientKey', () => {
  it('is the same for the same brokers in any order or repeated', () => {
    expect(adminClientKey({ ...base, brokers: ['kafka-1:9092', 'kafka-0:9092', 'kafka-1:9092'] })).toBe(
      adminClientKey(base),
    );
  });

  it.each<[string, KafkaConnection]>([
    ['another broker', { ...base, brokers: ['kafka-0:9092'] }],
    ['another client id', { ...base, clientId: 'other' }],
    ['another connect timeout', { ...base, connectTimeoutMs: 5_000 }],
    ['SASL', { ...base, sasl }],
    ['TLS with system roots', { ...base, tls: {} }],
    ['TLS with a CA', { ...base, tls: { ca: '-----BEGIN CERTIFICATE-----\nA\n' } }],
  ])('differs for %s', (_what, other) => {
    expect(adminClientKey(other)).not.toBe(adminClientKey(base));
  });

  it('tells SASL users, mechanisms, passwords and CA bundles apart', () => {
    const keys = new Set([
      adminClientKey({ ...base, sasl }),
      adminClientKey({ ...base, sasl: { ...sasl, username: 'other' } }),
      adminClientKey({ ...base, sasl: { ...sasl, mechanism: 'plain' } }),
      adminClientKey({ ...base, sasl: { ...sasl, password: 'rotated' } }),
      adminClientKey({ ...base, tls: { ca: 'one' } }),
      adminClientKey({ ...base, tls: { ca: 'two' } }),
    ]);
    expect(keys.size).toBe(6);
  });

  it('holds no password or CA in clear', () => {
    const key = adminClientKey({ ...base, sasl, tls: { ca: 'PEM-BUNDLE-TEXT' } });
    expect(key).not.toContain('s3cret');
    expect(key).not.toContain('PEM-BUNDLE-TEXT');
    expect(key).toContain('cmf');
  });
});
