import { describe, expect, it } from 'vitest';
import { RoomDirectory } from './room-directory.js';
import { applySeed, parseSeed } from './seed.js';

describe('RoomDirectory', () => {
  it('tracks rooms and members', () => {
    const rooms = new RoomDirectory();
    expect(rooms.createRoom('cr_1', ['u1'])).toBe(true);
    expect(rooms.createRoom('cr_1', ['u2'])).toBe(false);
    expect(rooms.members('cr_1')).toEqual(['u1']);
    expect(rooms.addMember('cr_1', 'u2')).toBe(true);
    expect(rooms.addMember('cr_missing', 'u2')).toBe(false);
    expect(rooms.isMember('cr_1', 'u2')).toBe(true);
    expect(rooms.removeMember('cr_1', 'u2')).toBe(true);
    expect(rooms.removeMember('cr_1', 'u2')).toBe(false);
    expect(rooms.deleteRoom('cr_1')).toBe(true);
    expect(rooms.members('cr_1')).toBeUndefined();
  });

  it('answers membership checks with false for unknown rooms, non-members and banned users', () => {
    const rooms = new RoomDirectory();
    rooms.createRoom('cr_1', ['u1', 'u2']);
    expect(rooms.checkMemberships('u1', ['cr_1', 'cr_nope'])).toEqual({ cr_1: true, cr_nope: false });
    expect(rooms.checkMemberships('u3', ['cr_1'])).toEqual({ cr_1: false });
    rooms.ban('u2');
    expect(rooms.checkMemberships('u2', ['cr_1'])).toEqual({ cr_1: false });
  });
});

describe('seed file', () => {
  it('loads rooms, bans and admins', () => {
    const { seed, problems } = parseSeed(
      JSON.stringify({ rooms: [{ roomId: 'cr_1', members: ['u1'] }], bannedUsers: ['u9'], admins: ['ops'] }),
      'seed.json',
    );
    expect(problems).toEqual([]);
    const rooms = new RoomDirectory();
    applySeed(seed, rooms);
    expect(rooms.isMember('cr_1', 'u1')).toBe(true);
    expect(rooms.isBanned('u9')).toBe(true);
    expect(seed.admins).toEqual(['ops']);
  });

  it('reports every problem with its position', () => {
    const { problems } = parseSeed(
      JSON.stringify({
        rooms: [{ roomId: 'bad room', members: [] }, { roomId: 'cr_1', members: [''] }, { roomId: 'cr_1' }],
        extra: 1,
        admins: 'ops',
      }),
      'seed.json',
    );
    expect(problems).toEqual([
      'seed.json: unknown field "extra"',
      'seed.json: rooms[0].roomId: expected 1-128 characters of [A-Za-z0-9_.:@-]',
      'seed.json: rooms[1].members[0]: expected a user id (1-256 printable ASCII characters without spaces)',
      'seed.json: rooms[2].roomId: cr_1 is listed twice',
      'seed.json: admins: expected an array of user ids',
    ]);
  });

  it('refuses text that is not a JSON object', () => {
    expect(parseSeed('[]', 's').problems).toEqual(['s: expected an object { rooms, bannedUsers?, admins? }']);
    expect(parseSeed('{', 's').problems[0]).toMatch(/^s: not JSON/);
  });
});
