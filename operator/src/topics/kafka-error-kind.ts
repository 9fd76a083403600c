// What a failed kafkajs call means for the operator, read from the error's class name and Kafka
// error type (both stable), never from its message. kafkajs wraps errors as they leave its retry
// loops (KafkaJSNumberOfRetriesExceeded and KafkaJSNonRetriableError keep the original as
// `cause`; createTopics gathers per-topic errors in KafkaJSAggregateError.errors), so the whole
// chain is searched and the most telling error in it decides.

/** How a failure is reported; the order of precedence is the order below. */
export const KafkaErrorKind = {
  /** Credentials or ACLs refused (SASL failure, *_AUTHORIZATION_FAILED). */
  AccessDenied: 'AccessDenied',
  /** No broker answers: refused or dropped connections, timeouts, no controller. */
  Unreachable: 'Unreachable',
  /** Kafka cannot do what was asked (invalid config, replication factor, policy). */
  Rejected: 'Rejected',
  /** A passing state, worth another try later (no leader yet, topic not yet known). */
  Transient: 'Transient',
  /** Anything else, such as a bug; reported with its message. */
  Unknown: 'Unknown',
} as const;
export type KafkaErrorKind = (typeof KafkaErrorKind)[keyof typeof KafkaErrorKind];

const ACCESS_DENIED_TYPES: ReadonlySet<string> = new Set([
  'SASL_AUTHENTICATION_FAILED',
  // Sent by a broker whose listener has no SASL to a client that starts a SASL handshake.
  'ILLEGAL_SASL_STATE',
  'UNSUPPORTED_SASL_MECHANISM',
  'TOPIC_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
  'DELEGATION_TOKEN_AUTHORIZATION_FAILED',
]);
const ACCESS_DENIED_NAMES: ReadonlySet<string> = new Set(['KafkaJSSASLAuthenticationError']);

const UNREACHABLE_NAMES: ReadonlySet<string> = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSMetadataNotLoaded',
  // A broker lock or a wait that timed out: the cluster did not answer in time.
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
  // Our own deadline around every call (see deadline.ts).
  'KafkaCallTimeout',
]);
const UNREACHABLE_TYPES: ReadonlySet<string> = new Set([
  'NETWORK_EXCEPTION',
  'BROKER_NOT_AVAILABLE',
  'NOT_CONTROLLER',
  'REQUEST_TIMED_OUT',
  'COORDINATOR_NOT_AVAILABLE',
]);
/** Node's socket errors, in case one escapes kafkajs unwrapped. */
const UNREACHABLE_SYSTEM_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
]);

const REJECTED_TYPES: ReadonlySet<string> = new Set([
  'INVALID_CONFIG',
  'INVALID_REPLICATION_FACTOR',
  'INVALID_REPLICA_ASSIGNMENT',
  'INVALID_PARTITIONS',
  'INVALID_TOPIC_EXCEPTION',
  'INVALID_REQUEST',
  'POLICY_VIOLATION',
  'TOPIC_DELETION_DISABLED',
  'UNSUPPORTED_VERSION',
  'RECORD_LIST_TOO_LARGE',
]);

const TRANSIENT_TYPES: ReadonlySet<string> = new Set([
  'LEADER_NOT_AVAILABLE',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'NOT_LEADER_FOR_PARTITION',
  'TOPIC_ALREADY_EXISTS',
  'REASSIGNMENT_IN_PROGRESS',
  'THROTTLING_QUOTA_EXCEEDED',
]);

interface ErrorFields {
  readonly name?: unknown;
  readonly type?: unknown;
  readonly code?: unknown;
  readonly cause?: unknown;
  readonly errors?: unknown;
}

/** The error and every error it wraps, outermost first (cycles and depth are bounded). */
export function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && chain.length < 32) {
    const next = queue.shift();
    if (next === undefined || next === null || chain.includes(next)) continue;
    chain.push(next);
    if (typeof next !== 'object') continue;
    const fields = next as ErrorFields;
    queue.push(fields.cause);
    if (Array.isArray(fields.errors)) queue.push(...(fields.errors as unknown[]));
  }
  return chain;
}

function kindOf(error: unknown): KafkaErrorKind | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, type, code } = error as ErrorFields;
  if (typeof type === 'string' && ACCESS_DENIED_TYPES.has(type)) return KafkaErrorKind.AccessDenied;
  if (typeof name === 'string' && ACCESS_DENIED_NAMES.has(name)) return KafkaErrorKind.AccessDenied;
  if (typeof name === 'string' && UNREACHABLE_NAMES.has(name)) return KafkaErrorKind.Unreachable;
  if (typeof type === 'string' && UNREACHABLE_TYPES.has(type)) return KafkaErrorKind.Unreachable;
  if (typeof code === 'string' && UNREACHABLE_SYSTEM_CODES.has(code)) return KafkaErrorKind.Unreachable;
  if (typeof type === 'string' && REJECTED_TYPES.has(type)) return KafkaErrorKind.Rejected;
  if (typeof type === 'string' && TRANSIENT_TYPES.has(type)) return KafkaErrorKind.Transient;
  return undefined;
}

const precedence: readonly KafkaErrorKind[] = [
  KafkaErrorKind.AccessDenied,
  KafkaErrorKind.Unreachable,
  KafkaErrorKind.Rejected,
  KafkaErrorKind.Transient,
];

/** What a kafkajs failure means; an access refusal anywhere in the chain wins over the rest. */
export function classifyKafkaError(error: unknown): KafkaErrorKind {
  const kinds = new Set(errorChain(error).map(kindOf));
  return precedence.find((kind) => kinds.has(kind)) ?? KafkaErrorKind.Unknown;
}

/** Whether a Kafka error type (e.g. UNKNOWN_TOPIC_OR_PARTITION) appears anywhere in the chain. */
export function hasKafkaErrorType(error: unknown, type: string): boolean {
  return errorChain(error).some(
    (e) => typeof e === 'object' && e !== null && (e as ErrorFields).type === type,
  );
}

/**
 * One line for a condition message: the outermost message, plus the Kafka error type or the
 * innermost message when they add something ("Connection error: connect ECONNREFUSED ...").
 */
export function describeKafkaError(error: unknown): string {
  const chain = errorChain(error);
  const messages = chain.map(messageOf).filter((m) => m !== '');
  const typed = chain.find((e) => typeof (e as ErrorFields | undefined)?.type === 'string') as
    ErrorFields | undefined;
  const parts = [messages[0] ?? String(error)];
  const innermost = messages.at(-1);
  if (innermost !== undefined && !parts.includes(innermost)) parts.push(innermost);
  const text = parts.join(': ');
  return typeof typed?.type === 'string' && !text.includes(typed.type) ? `${text} (${typed.type})` : text;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : '';
}
