import { describe, expect, it } from 'vitest';
import { MAX_HELD_BYTES, WriteCoalescer, type Corkable } from './write-coalescer.js';

class FakeSocket implements Corkable {
  corks = 0;
  uncorks = 0;
  cork(): void {
    this.corks++;
  }
  uncork(): void {
    this.uncorks++;
  }
}

describe('WriteCoalescer', () => {
  it('corks each socket once per batch and uncorks all on flush', () => {
    const writes = new WriteCoalescer();
    const [a, b] = [new FakeSocket(), new FakeSocket()];
    writes.begin();
    writes.hold(a, 10);
    writes.hold(a, 10);
    writes.hold(b, 10);
    expect([a.corks, b.corks, writes.holding]).toEqual([1, 1, 2]);
    writes.flush();
    expect([a.uncorks, b.uncorks, writes.holding]).toEqual([1, 1, 0]);
  });

  it('holds nothing outside a batch', () => {
    const writes = new WriteCoalescer();
    const a = new FakeSocket();
    writes.hold(a, 10);
    writes.begin();
    writes.flush();
    writes.hold(a, 10);
    expect(a.corks).toBe(0);
  });

  it('flushes by itself when a batch is never ended', async () => {
    const writes = new WriteCoalescer();
    const a = new FakeSocket();
    writes.begin();
    writes.hold(a, 10);
    await new Promise((resolve) => setImmediate(resolve));
    expect(a.uncorks).toBe(1);
    expect(writes.holding).toBe(0);
  });

  it('releases a socket early once MAX_HELD_BYTES are held for it, and reports what it holds', () => {
    const writes = new WriteCoalescer();
    const a = new FakeSocket();
    writes.begin();
    writes.hold(a, MAX_HELD_BYTES - 100);
    expect(writes.heldBytes(a)).toBe(MAX_HELD_BYTES - 100);
    writes.hold(a, 200);
    expect([a.corks, a.uncorks, writes.heldBytes(a)]).toEqual([2, 1, 200]);
    writes.flush();
    expect([a.uncorks, writes.heldBytes(a)]).toEqual([2, 0]);
  });
});
