import { randomBytes } from 'node:crypto';

/**
 * W3C trace context for one request. Kept in this one module on purpose: when the stand-in gets
 * OpenTelemetry, this is the only place that changes (the SDK's propagator replaces `continueTrace`).
 */
export interface TraceContext {
  readonly traceId: string;
  /** The span of this request's work (the Kafka produce is its child in the record's header). */
  readonly spanId: string;
  /** The caller's span, when the request carried a valid traceparent. */
  readonly parentSpanId: string | undefined;
  readonly flags: string;
}

export const TRACEPARENT_HEADER = 'traceparent';

// version-traceid-parentid-flags, lower-case hex, ids not all zero (the gateway's own rule).
const TRACEPARENT = /^([0-9a-f]{2})-((?!0{32})[0-9a-f]{32})-((?!0{16})[0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

function randomHex(bytes: number): string {
  let id = '';
  // An all-zero id is invalid; the odds are nil, but the loop makes the contract hold.
  while (!/[1-9a-f]/.test(id)) id = randomBytes(bytes).toString('hex');
  return id;
}

/** Reads a traceparent header; anything malformed (or version ff) is treated as absent. */
export function parseTraceparent(
  value: string | undefined,
): { traceId: string; spanId: string; flags: string } | undefined {
  if (value === undefined) return undefined;
  const match = TRACEPARENT.exec(value.trim());
  if (match === null) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  if (version === undefined || traceId === undefined || spanId === undefined || flags === undefined) {
    return undefined;
  }
  // Version 00 has exactly four fields; a later version may add fields after them.
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  return { traceId, spanId, flags };
}

/** Continues the caller's trace with a new span, or starts a sampled trace when there is none. */
export function continueTrace(incoming: string | undefined): TraceContext {
  const parent = parseTraceparent(incoming);
  if (parent === undefined) {
    return { traceId: randomHex(16), spanId: randomHex(8), parentSpanId: undefined, flags: '01' };
  }
  return { traceId: parent.traceId, spanId: randomHex(8), parentSpanId: parent.spanId, flags: parent.flags };
}

export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.flags}`;
}
