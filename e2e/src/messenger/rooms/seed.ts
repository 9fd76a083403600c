import { isRoomId, isUserId, ROOM_ID_RULE, USER_ID_RULE } from '../contract/identifiers.js';
import type { RoomDirectory } from './room-directory.js';

/**
 * The seed file (CMF_MESSENGER_SEED_FILE): rooms and bans that exist when the stand-in starts,
 * so a demo or a test has members without calling the API first.
 *
 * ```json
 * { "rooms": [{ "roomId": "cr_1", "members": ["u1", "u2"] }], "bannedUsers": ["u9"], "admins": ["ops"] }
 * ```
 */
export interface Seed {
  readonly rooms: readonly { readonly roomId: string; readonly members: readonly string[] }[];
  readonly bannedUsers: readonly string[];
  readonly admins: readonly string[];
}

export const EMPTY_SEED: Seed = { rooms: [], bannedUsers: [], admins: [] };

const SEED_FIELDS: ReadonlySet<string> = new Set(['rooms', 'bannedUsers', 'admins']);
const ROOM_FIELDS: ReadonlySet<string> = new Set(['roomId', 'members']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function users(value: unknown, at: string, problems: string[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${at}: expected an array of user ids`);
    return [];
  }
  const valid: string[] = [];
  value.forEach((user: unknown, i) => {
    if (isUserId(user)) valid.push(user);
    else problems.push(`${at}[${i}]: expected a user id (${USER_ID_RULE})`);
  });
  return valid;
}

/** Validates the seed file's text; every problem is reported, each naming its position. */
export function parseSeed(text: string, source: string): { seed: Seed; problems: readonly string[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { seed: EMPTY_SEED, problems: [`${source}: not JSON (${(err as Error).message})`] };
  }
  if (!isObject(value)) {
    return { seed: EMPTY_SEED, problems: [`${source}: expected an object { rooms, bannedUsers?, admins? }`] };
  }
  const problems: string[] = [];
  for (const key of Object.keys(value)) {
    if (!SEED_FIELDS.has(key)) problems.push(`${source}: unknown field ${JSON.stringify(key)}`);
  }
  const rooms: { roomId: string; members: string[] }[] = [];
  const seen = new Set<string>();
  const list = value['rooms'] ?? [];
  if (!Array.isArray(list)) problems.push(`${source}: rooms: expected an array`);
  else {
    list.forEach((entry: unknown, i) => {
      const at = `${source}: rooms[${i}]`;
      if (!isObject(entry)) {
        problems.push(`${at}: expected an object { roomId, members }`);
        return;
      }
      for (const key of Object.keys(entry)) {
        if (!ROOM_FIELDS.has(key)) problems.push(`${at}: unknown field ${JSON.stringify(key)}`);
      }
      const roomId = entry['roomId'];
      if (!isRoomId(roomId)) {
        problems.push(`${at}.roomId: expected ${ROOM_ID_RULE}`);
        return;
      }
      if (seen.has(roomId)) problems.push(`${at}.roomId: ${roomId} is listed twice`);
      seen.add(roomId);
      rooms.push({ roomId, members: users(entry['members'], `${at}.members`, problems) });
    });
  }
  const bannedUsers = users(value['bannedUsers'], `${source}: bannedUsers`, problems);
  const admins = users(value['admins'], `${source}: admins`, problems);
  return { seed: { rooms, bannedUsers, admins }, problems };
}

export function applySeed(seed: Seed, directory: RoomDirectory): void {
  for (const room of seed.rooms) directory.createRoom(room.roomId, room.members);
  for (const user of seed.bannedUsers) directory.ban(user);
}
