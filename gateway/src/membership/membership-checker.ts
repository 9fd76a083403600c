/**
 * The seam between the authorizer and the membership service, so the authorizer's cache and
 * breaker logic is tested with a fake.
 *
 * Contract: resolves with a boolean for every room asked (`false` = not a member, a normal
 * answer); rejects with `MembershipUnavailableError` when the service cannot answer. `roomIds` is
 * non-empty, has no duplicates and at most `MAX_ROOMS_PER_CHECK` entries.
 */
export interface MembershipChecker {
  check(userId: string, roomIds: readonly string[]): Promise<ReadonlyMap<string, boolean>>;
}
