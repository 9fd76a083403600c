import { isRoomId, isUserId, ROOM_ID_RULE, USER_ID_RULE } from '../contract/identifiers.js';
import { ApiError, ApiErrorCode } from '../http/api-error.js';
import { badField, rejectUnknownFields, requireObject } from '../http/json-fields.js';
import type { Reply, RequestContext, Route } from '../http/route.js';
import type { MessengerContext } from '../messenger-context.js';

export const DEMO_TOKEN_PATH = '/v1/demo/token';
const DEFAULT_TTL_SECONDS = 3600;
const MAX_TTL_SECONDS = 86_400;
const MAX_ROOMS = 256;

/**
 * DEMO AND TEST ONLY. Signs a token for whichever user the caller names, with no credentials:
 * the stand-in plays the identity provider so a demo page and the tests can log in. Served only
 * when CMF_MESSENGER_DEMO_TOKENS=true; otherwise the path does not exist (404).
 */
async function issueDemoToken(app: MessengerContext, request: RequestContext): Promise<Reply> {
  const body = requireObject(await request.body());
  rejectUnknownFields(body, ['userId', 'rooms', 'ttlSeconds']);
  const userId = body['userId'];
  if (!isUserId(userId)) throw badField('userId', USER_ID_RULE);
  const rooms = body['rooms'];
  if (rooms !== undefined && (!Array.isArray(rooms) || rooms.length > MAX_ROOMS || !rooms.every(isRoomId))) {
    throw badField('rooms', `an array of at most ${MAX_ROOMS} room ids (${ROOM_ID_RULE})`);
  }
  const ttl = body['ttlSeconds'] ?? DEFAULT_TTL_SECONDS;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
    throw badField('ttlSeconds', `an integer from 1 to ${MAX_TTL_SECONDS}`);
  }
  if (app.rooms.isBanned(userId)) throw new ApiError(ApiErrorCode.UserBanned, `user ${userId} is banned`);
  const issued = await app.demoTokens.issue({
    userId,
    rooms: rooms === undefined ? undefined : [...new Set(rooms)],
    ttlSeconds: ttl,
  });
  app.logger.info('demo token issued', { userId, ttlSeconds: ttl });
  return {
    status: 201,
    headers: { 'cache-control': 'no-store' },
    body: {
      token: issued.token,
      tokenType: 'Bearer',
      expiresAt: issued.expiresAt,
      issuer: app.config.jwt.issuer,
      audience: app.config.jwt.audience,
      demo: true,
    },
  };
}

export function demoTokenRoutes(app: MessengerContext): Route[] {
  return [{ method: 'POST', template: DEMO_TOKEN_PATH, handle: (r) => issueDemoToken(app, r) }];
}
