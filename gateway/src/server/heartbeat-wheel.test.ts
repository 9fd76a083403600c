import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HeartbeatWheel, type Heartbeating } from './heartbeat-wheel.js';

/** A connection whose client answers each ping `answerAfterMs` later (never, if undefined). */
class FakeConnection implements Heartbeating {
  isOpen = true;
  lastPongAt = -Infinity;
  readonly pings: number[] = [];
  closedAsDead = 0;
  constructor(private readonly answerAfterMs?: number) {}
  ping(): void {
    this.pings.push(Date.now());
    const after = this.answerAfterMs;
    if (after !== undefined) {
      setTimeout(() => {
        this.lastPongAt = Date.now();
      }, after);
    }
  }
  closeAsDead(): void {
    this.closedAsDead++;
    this.isOpen = false;
  }
}

describe('HeartbeatWheel', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const wheel = (intervalMs: number, timeoutMs: number): HeartbeatWheel<FakeConnection> =>
    new HeartbeatWheel<FakeConnection>({ intervalMs, timeoutMs, slots: 10 }, () => Date.now());

  it('pings every connection once per interval, a tenth of them every tick', () => {
    const heartbeat = wheel(1000, 500);
    const connections = Array.from({ length: 40 }, () => new FakeConnection(1));
    for (const c of connections) heartbeat.add(c);
    heartbeat.start();
    vi.advanceTimersByTime(100);
    expect(connections.filter((c) => c.pings.length > 0)).toHaveLength(4);
    vi.advanceTimersByTime(900);
    expect(connections.map((c) => c.pings.length)).toEqual(connections.map(() => 1));
    vi.advanceTimersByTime(2000);
    expect(connections.map((c) => c.pings.length)).toEqual(connections.map(() => 3));
    // Each connection's pings are one interval apart.
    for (const c of connections) {
      expect(c.pings.slice(1).map((at, i) => at - (c.pings[i] ?? 0))).toEqual([1000, 1000]);
    }
    heartbeat.stop();
  });

  it('closes a connection that does not answer within the timeout of its own ping, and only that one', () => {
    const heartbeat = wheel(1000, 300);
    const [alive, dead] = [new FakeConnection(10), new FakeConnection()];
    heartbeat.add(alive);
    heartbeat.add(dead);
    heartbeat.start();
    // Ticks every 100 ms: `alive` is pinged at 100 ms, `dead` at 200 ms and checked at 500 ms.
    vi.advanceTimersByTime(499);
    expect(dead.pings).toEqual([200]);
    expect(dead.closedAsDead).toBe(0);
    vi.advanceTimersByTime(1);
    expect([alive.closedAsDead, dead.closedAsDead]).toEqual([0, 1]);
    vi.advanceTimersByTime(3000);
    expect([alive.closedAsDead, alive.pings.length]).toEqual([0, 4]);
    heartbeat.stop();
  });

  it('keeps a client that answers every ping late, within a timeout longer than the interval', () => {
    const heartbeat = wheel(200, 500);
    const late = new FakeConnection(350);
    heartbeat.add(late);
    heartbeat.start();
    vi.advanceTimersByTime(5000);
    expect(late.pings.length).toBe(25);
    expect(late.closedAsDead).toBe(0);
    heartbeat.stop();
  });

  it('neither pings nor closes removed or closed connections', () => {
    const heartbeat = wheel(1000, 100);
    const [removed, closed] = [new FakeConnection(), new FakeConnection()];
    heartbeat.add(removed);
    heartbeat.add(closed);
    heartbeat.remove(removed);
    heartbeat.start();
    vi.advanceTimersByTime(50);
    closed.isOpen = false;
    vi.advanceTimersByTime(3000);
    expect(removed.pings).toEqual([]);
    expect(closed.closedAsDead).toBe(0);
    heartbeat.stop();
  });

  it('spreads connections evenly over the groups as they come', () => {
    const heartbeat = wheel(1000, 500);
    const connections = Array.from({ length: 25 }, () => new FakeConnection(1));
    for (const c of connections) heartbeat.add(c);
    heartbeat.start();
    const perTick: number[] = [];
    for (let tick = 0; tick < 10; tick++) {
      const before = connections.reduce((n, c) => n + c.pings.length, 0);
      vi.advanceTimersByTime(100);
      perTick.push(connections.reduce((n, c) => n + c.pings.length, 0) - before);
    }
    expect(perTick).toEqual([3, 3, 3, 3, 3, 2, 2, 2, 2, 2]);
    heartbeat.stop();
  });
});
