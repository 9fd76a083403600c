import { describe, expect, it } from 'vitest';
import { PresenceTracker } from './presence-tracker.js';

describe('PresenceTracker', () => {
  it('unions the users every replica reports and says who joined and left', () => {
    const t = new PresenceTracker();
    expect(t.report('r', 'a', ['u1'], 1000, 0)).toEqual({ room: 'r', joined: ['u1'], left: [] });
    expect(t.report('r', 'b', ['u1', 'u2'], 1000, 10)).toEqual({ room: 'r', joined: ['u2'], left: [] });
    expect(t.users('r', 20)).toEqual(['u1', 'u2']);
    // u1 leaves replica a but is still on b: nobody left.
    expect(t.report('r', 'a', [], 1000, 30)).toBeUndefined();
    expect(t.report('r', 'b', ['u2'], 1000, 40)).toEqual({ room: 'r', joined: [], left: ['u1'] });
  });

  it('drops the users of a replica that stops reporting, once its report expires', () => {
    const t = new PresenceTracker();
    t.report('r', 'dead', ['u1'], 1000, 0);
    t.report('r', 'live', ['u2'], 5000, 0);
    expect(t.expire(999)).toEqual([]);
    expect(t.expire(1000)).toEqual([{ room: 'r', joined: [], left: ['u1'] }]);
    expect(t.users('r', 1000)).toEqual(['u2']);
    expect(t.expire(5000)).toEqual([{ room: 'r', joined: [], left: ['u2'] }]);
    expect(t.users('r', 5000)).toEqual([]);
  });

  it('is unchanged by a repeated identical report (a heartbeat)', () => {
    const t = new PresenceTracker();
    t.report('r', 'a', ['u1'], 1000, 0);
    expect(t.report('r', 'a', ['u1'], 1000, 500)).toBeUndefined();
    expect(t.expire(1200)).toEqual([]);
  });
});
