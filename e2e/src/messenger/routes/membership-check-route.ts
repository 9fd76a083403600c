import { isRoomId, ROOM_ID_RULE } from '../contract/identifiers.js';
import { ApiError, ApiErrorCode } from '../http/api-error.js';
import { badField, rejectUnknownFields, requireObject } from '../http/json-fields.js';
import type { Reply, RequestContext, Route } from '../http/route.js';
import type { MessengerContext } from '../messenger-context.js';

/** gateway/openapi/membership.yaml: the batch endpoint and its bound. */
export const MEMBERSHIP_CHECK_PATH = '/internal/v1/memberships:check';
export const MAX_ROOMS_PER_CHECK = 100;

interface CheckRequest {
  readonly userId: string;
  readonly roomIds: readonly string[];
}

function readCheck(body: unknown): CheckRequest {
  const fields = requireObject(body);
  rejectUnknownFields(fields, ['userId', 'roomIds']);
  const userId = fields['userId'];
  if (typeof userId !== 'string' || userId === '') throw badField('userId', 'a non-empty string');
  const roomIds = fields['roomIds'];
  if (!Array.isArray(roomIds) || roomIds.length < 1 || roomIds.length > MAX_ROOMS_PER_CHECK) {
    throw badField('roomIds', `an array of 1 to ${MAX_ROOMS_PER_CHECK} room ids`);
  }
  roomIds.forEach((room: unknown, i) => {
    if (!isRoomId(room)) throw badField(`roomIds[${i}]`, ROOM_ID_RULE);
  });
  if (new Set(roomIds).size !== roomIds.length) throw badField('roomIds', 'unique (a room is named twice)');
  return { userId, roomIds: roomIds as string[] };
}

/**
 * The membership API the gateway calls: one user, up to 100 rooms, `true`/`false` per room.
 * "Not a member" (and an unknown room or user, or a banned user) is `false` with 200, never an
 * error. The service token is checked first; faults, when injected, come after it so a test of
 * the breaker still proves the gateway sends its credentials.
 */
async function checkMemberships(app: MessengerContext, request: RequestContext): Promise<Reply> {
  try {
    app.serviceToken.check(request.req.headers.authorization);
  } catch (err) {
    app.metrics.membershipChecks.inc({ outcome: 'refused' });
    throw err;
  }
  const fault = app.faults.current;
  if (fault.mode === 'fail') {
    app.metrics.membershipChecks.inc({ outcome: 'fault_fail' });
    throw new ApiError(ApiErrorCode.InjectedFault, `injected failure (${fault.status})`, {
      'retry-after': '1',
    });
  }
  if (fault.mode === 'hang') {
    app.metrics.membershipChecks.inc({ outcome: 'fault_hang' });
    await app.faults.waitWhileHanging(request.signal);
  }
  let check: CheckRequest;
  try {
    check = readCheck(await request.body());
  } catch (err) {
    app.metrics.membershipChecks.inc({ outcome: 'refused' });
    throw err;
  }
  app.metrics.membershipChecks.inc({ outcome: 'answered' });
  return { status: 200, body: { results: app.rooms.checkMemberships(check.userId, check.roomIds) } };
}

export function membershipCheckRoutes(app: MessengerContext): Route[] {
  return [
    {
      method: 'POST',
      template: MEMBERSHIP_CHECK_PATH,
      errorStyle: 'problem',
      handle: (r) => checkMemberships(app, r),
    },
  ];
}
