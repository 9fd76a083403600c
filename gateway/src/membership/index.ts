export { BreakerState } from './breaker-state.js';
export { DecisionCache, type DecisionCacheOptions } from './decision-cache.js';
export { FileServiceToken, type FileServiceTokenOptions } from './file-service-token.js';
export {
  MEMBERSHIP_AUTHORIZER_DEFAULTS,
  resolveMembershipAuthorizerOptions,
  type MembershipAuthorizerOptions,
  type ResolvedMembershipAuthorizerOptions,
} from './membership-authorizer-options.js';
export { MembershipAuthorizer, type MembershipAuthorizerEvents } from './membership-authorizer.js';
export type { MembershipChecker } from './membership-checker.js';
export {
  MAX_ROOMS_PER_CHECK,
  MEMBERSHIP_CHECK_PATH,
  MembershipClient,
  type MembershipClientOptions,
} from './membership-client.js';
export { newMembershipCounters, type MembershipCounters } from './membership-counters.js';
export {
  MembershipEventApplier,
  type MembershipEventApplierCounters,
  type MembershipEventApplierOptions,
  type RoomSubscriptions,
} from './membership-event-applier.js';
export type { MembershipEventHandler } from './membership-event-handler.js';
export { EVENT_ID_HEADER, MembershipEventType, type MembershipEvent } from './membership-event.js';
export {
  MembershipEvents,
  type MembershipEventsCounters,
  type MembershipEventsEvents,
  type MembershipEventsOptions,
} from './membership-events.js';
export {
  MembershipRuntime,
  type MembershipHooks,
  type MembershipRuntimeOptions,
} from './membership-runtime.js';
export { BanAwareAuthenticator } from './ban-aware-authenticator.js';
export { Revocations, type RevocationsOptions } from './revocations.js';
export { MembershipFailure } from './membership-failure.js';
export type { MembershipInvalidator } from './membership-invalidator.js';
export { MembershipRequestError } from './membership-request-error.js';
export {
  MembershipUnavailableError,
  type MembershipUnavailableErrorOptions,
} from './membership-unavailable-error.js';
export {
  InvalidEventReason,
  parseMembershipEvent,
  type EventParseResult,
  type RawEventRecord,
} from './parse-membership-event.js';
export { parseMembershipResponse } from './parse-membership-response.js';
export { REVOCATION_MESSAGES, RevocationReason } from './revocation-reason.js';
export type { ServiceTokenSource } from './service-token-source.js';
