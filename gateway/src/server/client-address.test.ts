import { describe, expect, it } from 'vitest';
import { ClientAddressResolver, isCidr } from './client-address.js';

describe('ClientAddressResolver', () => {
  const ingress = new ClientAddressResolver(['10.0.0.0/8', 'fd00::/8', '192.0.2.7']);

  it('ignores X-Forwarded-For when no proxy is trusted, or the peer is not one', () => {
    expect(new ClientAddressResolver([]).resolve('10.1.1.1', '203.0.113.9')).toBe('10.1.1.1');
    expect(ingress.resolve('198.51.100.4', '203.0.113.9')).toBe('198.51.100.4');
  });

  it('takes the right-most address that is not a trusted proxy', () => {
    expect(ingress.resolve('10.1.1.1', '203.0.113.9')).toBe('203.0.113.9');
    expect(ingress.resolve('10.1.1.1', '1.1.1.1, 203.0.113.9, 10.2.2.2')).toBe('203.0.113.9');
    expect(ingress.resolve('::ffff:192.0.2.7', ['6.6.6.6', '2001:db8::5'])).toBe('2001:db8::5');
    expect(ingress.resolve('fd00::1', '203.0.113.9,fd00::2')).toBe('203.0.113.9');
  });

  it('falls back to the peer when the header is missing, all trusted, or malformed', () => {
    expect(ingress.resolve('10.1.1.1', undefined)).toBe('10.1.1.1');
    expect(ingress.resolve('10.1.1.1', '10.3.3.3, 10.4.4.4')).toBe('10.1.1.1');
    expect(ingress.resolve('10.1.1.1', '203.0.113.9, not-an-ip')).toBe('10.1.1.1');
  });

  it('validates CIDRs', () => {
    expect(['10.0.0.0/8', '2001:db8::/32', '127.0.0.1'].map(isCidr)).toEqual([true, true, true]);
    expect(['10.0.0.0/33', '10.0.0/8', 'fd00::/129', '10.0.0.0/8/1', 'x'].map(isCidr)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(() => new ClientAddressResolver(['10.0.0.0/40'])).toThrow('not an address or CIDR: 10.0.0.0/40');
  });
});
