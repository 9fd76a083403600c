import { describe, expect, it } from 'vitest';
import { readyBackends, RoundRobin, type EndpointSlice } from './endpoint-picker.js';

const slice = (
  name: string,
  endpoints: NonNullable<EndpointSlice['endpoints']>,
  ports: NonNullable<EndpointSlice['ports']>,
): EndpointSlice => ({
  metadata: { name },
  addressType: 'IPv4',
  endpoints,
  ports,
});

describe('readyBackends', () => {
  it('takes ready endpoints of the named port, on their loopback addresses', () => {
    const slices = [
      slice(
        'a',
        [
          { addresses: ['10.244.1.2'], conditions: { ready: true } },
          { addresses: ['10.244.1.3'], conditions: { ready: false } },
        ],
        [
          { name: 'http', port: 8080 },
          { name: 'admin', port: 9090 },
        ],
      ),
      slice('b', [{ addresses: ['10.244.1.1'] }], [{ name: 'http', port: 8080 }]),
    ];
    expect(readyBackends(slices, 'http')).toEqual([
      { host: '127.0.1.1', port: 8080 },
      { host: '127.0.1.2', port: 8080 },
    ]);
    expect(readyBackends(slices, 'admin')).toEqual([{ host: '127.0.1.2', port: 9090 }]);
    expect(readyBackends(slices, '')).toEqual([]);
  });
});

describe('RoundRobin', () => {
  it('cycles through the current backends and has none to give when empty', () => {
    const rr = new RoundRobin();
    const backends = [
      { host: 'a', port: 1 },
      { host: 'b', port: 1 },
    ];
    expect([rr.pick(backends), rr.pick(backends), rr.pick(backends)].map((b) => b?.host)).toEqual([
      'a',
      'b',
      'a',
    ]);
    expect(rr.pick([])).toBeUndefined();
  });
});
