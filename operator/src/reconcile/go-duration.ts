const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** A Go duration as the CRD accepts it ("250ms", "1m30s", "168h") in milliseconds; undefined if malformed. */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const pattern = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (const match of text.matchAll(pattern)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? NaN);
    consumed += match[0].length;
  }
  return consumed === text.length && consumed > 0 && Number.isFinite(total) ? Math.round(total) : undefined;
}
