import type { UserIdentity } from '../auth/user-identity.js';
import { ApiError, ApiErrorCode } from '../http/api-error.js';
import type { RequestContext } from '../http/route.js';
import type { MessengerContext } from '../messenger-context.js';

/** The caller of a REST route: a valid token of a user who is not banned. */
export async function authenticateUser(
  app: MessengerContext,
  request: RequestContext,
): Promise<UserIdentity> {
  const identity = await app.verifier.verify(request.req.headers.authorization);
  if (app.rooms.isBanned(identity.userId)) {
    throw new ApiError(ApiErrorCode.UserBanned, `user ${identity.userId} is banned`);
  }
  return identity;
}

export function isAdmin(app: MessengerContext, identity: UserIdentity): boolean {
  return app.config.adminUsers.includes(identity.userId);
}
