import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LoopbackPool } from './loopback-pool.js';
import { loopbackAddress, podNetworkAddress } from './pod-network.js';

describe('pod network twin', () => {
  it('maps 127.0.x.y and 10.244.x.y both ways and leaves other addresses', () => {
    expect(podNetworkAddress('127.0.3.4')).toBe('10.244.3.4');
    expect(loopbackAddress('10.244.3.4')).toBe('127.0.3.4');
    expect(loopbackAddress('10.1.2.3')).toBe('10.1.2.3');
    expect(podNetworkAddress('127.1.0.1')).toBe('127.1.0.1');
  });
});

describe('LoopbackPool', () => {
  it('never hands out an address in use, across pools sharing a directory', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pool-'));
    const a = new LoopbackPool(dir, 1, 1);
    const b = new LoopbackPool(dir, 1, 1);
    const taken = new Set<string>();
    for (let i = 0; i < 254; i++) taken.add(i % 2 === 0 ? a.acquire() : b.acquire());
    expect(taken.size).toBe(254);
    expect([...taken].every((ip) => /^127\.0\.1\.\d+$/.test(ip))).toBe(true);
    expect(() => a.acquire()).toThrow('no free loopback address');
    const one = [...taken][0] ?? '';
    a.release(one);
    b.release(one); // not b's: ignored
    expect(readdirSync(dir)).toHaveLength(253);
    a.releaseAll();
    b.releaseAll();
    expect(readdirSync(dir)).toHaveLength(0);
  });
});
