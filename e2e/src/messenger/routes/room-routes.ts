import type { UserIdentity } from '../auth/user-identity.js';
import { isRoomId, isUserId, ROOM_ID_RULE, USER_ID_RULE } from '../contract/identifiers.js';
import { ApiError, ApiErrorCode } from '../http/api-error.js';
import { badField, rejectUnknownFields, requireObject } from '../http/json-fields.js';
import type { Reply, RequestContext, Route } from '../http/route.js';
import type { MessengerContext } from '../messenger-context.js';
import { authenticateUser, isAdmin } from './authenticate-user.js';
import { publishEvent } from './publish-event.js';

/** Members a room may be created with at once. */
const MAX_INITIAL_MEMBERS = 1000;

export function roomParam(request: RequestContext): string {
  const room = request.params['room'] ?? '';
  if (!isRoomId(room)) throw badField('the room in the path', ROOM_ID_RULE);
  return room;
}

function userParam(request: RequestContext): string {
  const user = request.params['user'] ?? '';
  if (!isUserId(user)) throw badField('the user in the path', USER_ID_RULE);
  return user;
}

/** The room must exist and the caller be a member of it (admins may manage any room). */
export function requireMember(app: MessengerContext, room: string, caller: UserIdentity): void {
  if (!app.rooms.hasRoom(room)) throw new ApiError(ApiErrorCode.RoomNotFound, `room ${room} does not exist`);
  if (!app.rooms.isMember(room, caller.userId) && !isAdmin(app, caller)) {
    throw new ApiError(ApiErrorCode.NotAMember, `user ${caller.userId} is not a member of ${room}`);
  }
}

function roomView(app: MessengerContext, room: string): { roomId: string; members: string[] } {
  return { roomId: room, members: app.rooms.members(room) ?? [] };
}

async function createRoom(app: MessengerContext, request: RequestContext): Promise<Reply> {
  const caller = await authenticateUser(app, request);
  const body = requireObject(await request.body());
  rejectUnknownFields(body, ['roomId', 'members']);
  const roomId = body['roomId'] ?? `cr_${app.newId()}`;
  if (!isRoomId(roomId)) throw badField('roomId', ROOM_ID_RULE);
  const given = body['members'] ?? [];
  if (!Array.isArray(given) || given.length > MAX_INITIAL_MEMBERS || !given.every(isUserId)) {
    throw badField('members', `an array of at most ${MAX_INITIAL_MEMBERS} user ids (${USER_ID_RULE})`);
  }
  const members = [...new Set([caller.userId, ...given])];
  if (!app.rooms.createRoom(roomId, members)) {
    throw new ApiError(ApiErrorCode.RoomExists, `room ${roomId} already exists`);
  }
  app.logger.info('room created', { roomId, by: caller.userId, members: members.length });
  // There is no room_created event: member_added forgets any "not a member" the gateway cached.
  for (const userId of members)
    await publishEvent(app, { type: 'member_added', roomId, userId }, request.trace);
  return { status: 201, body: roomView(app, roomId) };
}

async function getRoom(app: MessengerContext, request: RequestContext): Promise<Reply> {
  const caller = await authenticateUser(app, request);
  const room = roomParam(request);
  requireMember(app, room, caller);
  return { status: 200, body: roomView(app, room) };
}

async function addMember(app: MessengerContext, request: RequestContext): Promise<Reply> {
  const caller = await authenticateUser(app, request);
  const room = roomParam(request);
  const body = requireObject(await request.body());
  rejectUnknownFields(body, ['userId']);
  const userId = body['userId'];
  if (!isUserId(userId)) throw badField('userId', USER_ID_RULE);
  requireMember(app, room, caller);
  const added = !app.rooms.isMember(room, userId);
  app.rooms.addMember(room, userId);
  await publishEvent(app, { type: 'member_added', roomId: room, userId }, request.trace);
  return { status: added ? 201 : 200, body: { ...roomView(app, room), userId, added } };
}

async function removeMember(app: MessengerContext, request: RequestContext): Promise<Reply> {
  const caller = await authenticateUser(app, request);
  const room = roomParam(request);
  const userId = userParam(request);
  requireMember(app, room, caller);
  app.rooms.removeMember(room, userId);
  await publishEvent(app, { type: 'member_removed', roomId: room, userId }, request.trace);
  return { status: 204 };
}

async function deleteRoom(app: MessengerContext, request: RequestContext): Promise<Reply> {
  const caller = await authenticateUser(app, request);
  const room = roomParam(request);
  requireMember(app, room, caller);
  app.rooms.deleteRoom(room);
  app.logger.info('room deleted', { roomId: room, by: caller.userId });
  await publishEvent(app, { type: 'room_deleted', roomId: room }, request.trace);
  return { status: 204 };
}

async function banUser(app: MessengerContext, request: RequestContext): Promise<Reply> {
  const caller = await authenticateUser(app, request);
  const userId = userParam(request);
  if (!isAdmin(app, caller)) {
    throw new ApiError(ApiErrorCode.NotAdmin, 'only admins (CMF_MESSENGER_ADMIN_USERS) may ban users');
  }
  app.rooms.ban(userId);
  app.logger.info('user banned', { userId, by: caller.userId });
  await publishEvent(app, { type: 'user_banned', userId }, request.trace);
  return { status: 200, body: { userId, banned: true } };
}

/** Rooms and membership; each change publishes its event on `<prefix>.events`. */
export function roomRoutes(app: MessengerContext): Route[] {
  return [
    { method: 'POST', template: '/v1/rooms', handle: (r) => createRoom(app, r) },
    { method: 'GET', template: '/v1/rooms/{room}', handle: (r) => getRoom(app, r) },
    { method: 'DELETE', template: '/v1/rooms/{room}', handle: (r) => deleteRoom(app, r) },
    { method: 'POST', template: '/v1/rooms/{room}/members', handle: (r) => addMember(app, r) },
    { method: 'DELETE', template: '/v1/rooms/{room}/members/{user}', handle: (r) => removeMember(app, r) },
    { method: 'POST', template: '/v1/users/{user}/ban', handle: (r) => banUser(app, r) },
  ];
}
