import { afterEach, describe, expect, it, vi } from 'vitest';
import { RoomHub, type Subscriber } from '../hub/index.js';
import { nullLogger } from '../log/index.js';
import { Collaboration, PRESENCE_BATCH_MS } from './collaboration.js';
import type { Signal } from './signal.js';

class Recorder implements Subscriber {
  readonly frames: unknown[] = [];
  constructor(readonly userId: string) {}
  send(frame: Buffer): void {
    this.frames.push(JSON.parse(frame.toString('utf8')));
  }
}

function setUp() {
  const hub = new RoomHub();
  const signals: Signal[] = [];
  const collaboration = new Collaboration(
    hub,
    { publish: (s) => signals.push(s) },
    'replica-a',
    30_000,
    nullLogger,
  );
  return { hub, signals, collaboration };
}

describe('Collaboration presence', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gathers a join storm into one presence frame per subscriber and one signal', () => {
    vi.useFakeTimers();
    const { hub, signals, collaboration } = setUp();
    const users = Array.from({ length: 50 }, (_, i) => new Recorder(`u${String(i).padStart(2, '0')}`));
    for (const user of users) {
      hub.subscribe('r1', user);
      collaboration.membersChanged('r1');
    }
    expect(signals).toHaveLength(0);
    vi.advanceTimersByTime(PRESENCE_BATCH_MS);
    for (const user of users) {
      expect(user.frames).toEqual([{ type: 'presence', room: 'r1', joined: users.map((u) => u.userId) }]);
    }
    expect(signals).toEqual([
      {
        kind: 'presence',
        room: 'r1',
        users: users.map((u) => u.userId),
        replica: 'replica-a',
        ttlMs: 30_000,
      },
    ]);
  });

  it('pushes leaves the same way, and nothing when the users did not change', () => {
    vi.useFakeTimers();
    const { hub, collaboration } = setUp();
    const [a, b, c] = [new Recorder('a'), new Recorder('b'), new Recorder('c')];
    for (const s of [a, b, c]) hub.subscribe('r1', s);
    collaboration.membersChanged('r1');
    vi.advanceTimersByTime(PRESENCE_BATCH_MS);
    hub.unsubscribe('r1', b);
    hub.unsubscribe('r1', c);
    collaboration.membersChanged('r1');
    collaboration.membersChanged('r1');
    vi.advanceTimersByTime(PRESENCE_BATCH_MS);
    expect(a.frames.at(-1)).toEqual({ type: 'presence', room: 'r1', left: ['b', 'c'] });
    const before = a.frames.length;
    collaboration.membersChanged('r1');
    vi.advanceTimersByTime(PRESENCE_BATCH_MS);
    expect(a.frames).toHaveLength(before);
  });

  it('answers a presence request with what it knows now, before the batch is due', () => {
    vi.useFakeTimers();
    const { hub, collaboration } = setUp();
    hub.subscribe('r1', new Recorder('a'));
    collaboration.membersChanged('r1');
    expect(collaboration.presence('r1')).toEqual(['a']);
  });
});
