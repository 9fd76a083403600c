import { describe, expect, it } from 'vitest';
import { RoomActivity, TYPING_SHOWN_MS } from './room-activity.js';

describe('RoomActivity', () => {
  it('lists typers per room until their typing expires or they speak', () => {
    const activity = new RoomActivity();
    activity.typed('r1', 'bob', 1000);
    activity.typed('r1', 'amy', 1500);
    activity.typed('r2', 'carl', 1000);
    expect(activity.typing('r1', 1000)).toEqual(['amy', 'bob']);
    expect(activity.typing('r1', 1000 + TYPING_SHOWN_MS)).toEqual(['amy']);
    activity.spoke('r1', 'amy');
    expect(activity.typing('r1', 1600)).toEqual([]);
    expect(activity.typing('r2', 1000)).toEqual(['carl']);
  });

  it('applies presence snapshots and changes', () => {
    const activity = new RoomActivity();
    activity.presence('r1', { joined: ['bob', 'amy'] });
    activity.presence('r1', { left: ['bob'] });
    expect(activity.presentIn('r1')).toEqual(['amy']);
    activity.presence('r1', { users: ['zed'] });
    expect(activity.presentIn('r1')).toEqual(['zed']);
    expect(activity.presentIn('r2')).toEqual([]);
  });
});
