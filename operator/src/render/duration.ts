import { formatDuration } from '@cmf/gateway/config';
import { parseGoDuration } from '../duration/index.js';
import { RenderError } from './render-error.js';

// The CRD's durations are Go duration strings (its pattern allows ms, s, m and h terms, e.g. "25s",
// "1.5s", "1h30m"). The gateway and the sidecar take whole milliseconds with a single unit, so every
// duration is converted here and spelled the shortest exact way ("1h30m" -> "90m", "1.5s" -> "1500ms").
const NANOS_PER_MS = 1_000_000n;

/**
 * Milliseconds of a CRD duration, rounded to the nearest whole millisecond (the CRD's bounds are
 * whole milliseconds, so rounding never crosses one). Throws RenderError for anything Go's parser
 * rejects and for negative durations, which no gateway or sidecar setting accepts.
 */
export function durationMs(text: string, field: string): number {
  const nanos = parseGoDuration(text);
  if (nanos === undefined || nanos < 0n) {
    throw new RenderError(`${field}: ${JSON.stringify(text)} is not a duration such as 25s or 1h30m`);
  }
  return Number((nanos + NANOS_PER_MS / 2n) / NANOS_PER_MS);
}

/** A CRD duration as the gateway and the sidecar read it. */
export function gatewayDuration(text: string, field: string): string {
  // The gateway's own spelling, so what is rendered is what it reads back.
  return formatDuration(durationMs(text, field));
}
