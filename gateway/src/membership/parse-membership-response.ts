import { MembershipFailure } from './membership-failure.js';
import { MembershipUnavailableError } from './membership-unavailable-error.js';

function malformed(detail: string): MembershipUnavailableError {
  return new MembershipUnavailableError(
    MembershipFailure.MalformedResponse,
    `membership service answered 200 with ${detail}`,
    { status: 200 },
  );
}

/**
 * Reads the body of a 200 answer to `memberships:check` (see openapi/membership.yaml):
 * `{ "results": { "<roomId>": true | false, ... } }` with an entry for every room asked. Rooms
 * the gateway did not ask about are ignored. Anything else throws `MembershipUnavailableError`
 * (`malformed_response`): a body we cannot read is no answer, and certainly not an allow.
 */
export function parseMembershipResponse(
  body: string,
  roomIds: readonly string[],
): ReadonlyMap<string, boolean> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw malformed('a body that is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed('a body that is not a JSON object');
  }
  const results = (value as { results?: unknown }).results;
  if (typeof results !== 'object' || results === null || Array.isArray(results)) {
    throw malformed('no `results` object');
  }
  const answers = new Map<string, boolean>();
  for (const room of roomIds) {
    const answer: unknown = Object.hasOwn(results, room)
      ? (results as Record<string, unknown>)[room]
      : undefined;
    if (typeof answer !== 'boolean') {
      throw malformed(
        answer === undefined ? `no result for room ${room}` : `a non-boolean result for room ${room}`,
      );
    }
    answers.set(room, answer);
  }
  return answers;
}
