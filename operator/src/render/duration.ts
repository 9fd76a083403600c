import { formatDuration } from '@cmf/gateway/config';
import { RenderError } from './render-error.js';

// The CRD's durations are Go duration strings as its pattern allows them: one or more terms of a
// decimal number and a unit, e.g. "25s", "1.5s", "1h30m". The gateway and the sidecar take whole
// milliseconds with a single unit, so every duration is converted here and spelled the shortest
// exact way ("1h30m" -> "90m", "1.5s" -> "1500ms").
const TERM = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
const MS_PER_UNIT: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Milliseconds of a CRD duration, rounded to the nearest whole millisecond (the CRD's bounds are
 * whole milliseconds, so rounding never crosses one). Throws RenderError for anything else.
 */
export function durationMs(text: string, field: string): number {
  let total = 0;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < text.length) {
    const at = TERM.lastIndex;
    const match = TERM.exec(text);
    if (match?.index !== at) break;
    total += Number(match[1]) * (MS_PER_UNIT[match[2] ?? ''] ?? Number.NaN);
  }
  if (text === '' || TERM.lastIndex !== text.length || !Number.isFinite(total)) {
    throw new RenderError(`${field}: ${JSON.stringify(text)} is not a duration such as 25s or 1h30m`);
  }
  return Math.round(total);
}

/** A CRD duration as the gateway and the sidecar read it. */
export function gatewayDuration(text: string, field: string): string {
  // The gateway's own spelling, so what is rendered is what it reads back.
  return formatDuration(durationMs(text, field));
}
