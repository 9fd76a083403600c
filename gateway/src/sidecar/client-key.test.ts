import { describe, expect, it } from 'vitest';
import { clientKey } from './client-key.js';

describe('clientKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::ffff:cb00:7107', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['::', '0:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
  ])('keys %s as %s', (address, key) => {
    expect(clientKey(address)).toBe(key);
  });

  it('puts every address of one /64 under one key and the next /64 under another', () => {
    expect(clientKey('2001:db8:0:7::1')).toBe(clientKey('2001:db8:0:7:ffff:ffff:ffff:ffff'));
    expect(clientKey('2001:db8:0:7::1')).not.toBe(clientKey('2001:db8:0:8::1'));
  });

  it.each(['', 'localhost', '1.2.3', '1.2.3.4.5', 'gggg::1'])('has no key for %j', (address) => {
    expect(clientKey(address)).toBeUndefined();
  });
});
