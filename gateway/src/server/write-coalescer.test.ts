import { describe, expect, it } from 'vitest';
import { HeldWrites, MAX_HELD_BYTES, WriteCoalescer, type Corkable } from './write-coalescer.js';

/** Records what reaches the socket: each system call the stream would make, as the frames it carries. */
class FakeSocket implements Corkable {
  readonly calls: string[][] = [];
  private corked: string[] | undefined;
  cork(): void {
    this.corked ??= [];
  }
  uncork(): void {
    if (this.corked !== undefined && this.corked.length > 0) this.calls.push(this.corked);
    this.corked = undefined;
  }
  write(chunk: Buffer): boolean {
    if (this.corked === undefined) this.calls.push([chunk.toString()]);
    else this.corked.push(chunk.toString());
    return true;
  }
}

const frame = (text: string): Buffer => Buffer.from(text);

describe('WriteCoalescer and HeldWrites', () => {
  it('writes at once outside a batch, and without a coalescer', () => {
    const writes = new WriteCoalescer();
    const [a, b] = [new FakeSocket(), new FakeSocket()];
    new HeldWrites(a, writes).write(frame('1'));
    new HeldWrites(b).write(frame('2'));
    expect([a.calls, b.calls, writes.holding]).toEqual([[['1']], [['2']], 0]);
  });

  it("holds a batch's frames and sends each socket's in one call, in order, on flush", () => {
    const writes = new WriteCoalescer();
    const [a, b] = [new FakeSocket(), new FakeSocket()];
    const [heldA, heldB] = [new HeldWrites(a, writes), new HeldWrites(b, writes)];
    writes.begin();
    heldA.write(frame('a1'));
    heldB.write(frame('b1'));
    heldA.write(frame('a2'));
    heldA.write(frame('a3'));
    expect([a.calls, b.calls, writes.holding, heldA.heldBytes]).toEqual([[], [], 2, 6]);
    writes.flush();
    expect(a.calls).toEqual([['a1', 'a2', 'a3']]);
    // One frame: a plain write, nothing corked.
    expect(b.calls).toEqual([['b1']]);
    expect([writes.holding, heldA.heldBytes]).toEqual([0, 0]);
    heldA.write(frame('a4'));
    expect(a.calls).toEqual([['a1', 'a2', 'a3'], ['a4']]);
  });

  it('flushes by itself when a batch is never ended', async () => {
    const writes = new WriteCoalescer();
    const a = new FakeSocket();
    writes.begin();
    new HeldWrites(a, writes).write(frame('x'));
    await new Promise((resolve) => setImmediate(resolve));
    expect([a.calls, writes.holding]).toEqual([[['x']], 0]);
  });

  it('sends early once MAX_HELD_BYTES would be passed, keeping order and tracking the socket once', () => {
    const writes = new WriteCoalescer();
    const a = new FakeSocket();
    const held = new HeldWrites(a, writes);
    const big = 'b'.repeat(MAX_HELD_BYTES - 100);
    writes.begin();
    held.write(frame(big));
    held.write(frame('c'.repeat(200)));
    expect(a.calls).toEqual([[big]]);
    expect([held.heldBytes, writes.holding]).toEqual([200, 1]);
    held.write(frame('d'));
    writes.flush();
    expect(a.calls).toEqual([[big], ['c'.repeat(200), 'd']]);
  });

  it('drops what it holds when discarded (the socket is gone)', () => {
    const writes = new WriteCoalescer();
    const a = new FakeSocket();
    const held = new HeldWrites(a, writes);
    writes.begin();
    held.write(frame('lost'));
    held.discard();
    writes.flush();
    expect(a.calls).toEqual([]);
  });

  it('drops what it holds once the WebSocket is no longer open (nothing may follow a close frame)', () => {
    const writes = new WriteCoalescer();
    const a = new FakeSocket();
    let open = true;
    const held = new HeldWrites(a, writes, () => open);
    writes.begin();
    held.write(frame('m1'));
    held.write(frame('m2'));
    // ws answers a peer's close, or a bad frame, by writing its close frame at once.
    open = false;
    a.write(frame('close'));
    writes.flush();
    expect(a.calls).toEqual([['close']]);
    expect(held.heldBytes).toBe(0);
  });

  it('sends what it holds when released before the batch ends (a close frame must come after it)', () => {
    const writes = new WriteCoalescer();
    const a = new FakeSocket();
    const held = new HeldWrites(a, writes);
    writes.begin();
    held.write(frame('m1'));
    held.release();
    a.write(frame('close'));
    writes.flush();
    expect(a.calls).toEqual([['m1'], ['close']]);
  });
});
