const UNITS: Readonly<Record<string, number>> = { '': 1, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

// Whole numbers only: every duration resolves to integer milliseconds (use `1500ms`, not `1.5s`).
const PATTERN = /^(\d+)\s*([a-z]*)$/;

/** `250ms`, `5s`, `5m`, `1h` or plain milliseconds -> milliseconds; `undefined` otherwise. */
export function parseDuration(text: string): number | undefined {
  const match = PATTERN.exec(text);
  if (match === null) return undefined;
  const unit = UNITS[match[2] ?? ''];
  if (unit === undefined) return undefined;
  const ms = Number(match[1]) * unit;
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** The shortest exact spelling: 300000 -> `5m`, 1500 -> `1500ms`. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms !== 0 && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
