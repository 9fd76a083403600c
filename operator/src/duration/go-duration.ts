// Go's time.ParseDuration grammar, because every duration in a ChatGateway is one (the CRD checks
// them with CEL's duration(), which is Go's parser): an optional sign, then "0" or a sequence of
// decimal numbers, each with a unit (ns, us, µs, ms, s, m, h), such as "300ms", "1.5h" or "2h45m".
// Arithmetic is exact (BigInt nanoseconds), so "4.35s" is 4350 ms, not 4349.

const NANOS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Go's time.Duration is an int64 of nanoseconds; longer spellings are errors there too. */
const MAX_NANOS = 2n ** 63n - 1n;

const TERM = /(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/y;

/** Nanoseconds of a Go duration string, or undefined when Go's parser would reject it. */
export function parseGoDuration(text: string): bigint | undefined {
  let rest = text;
  let sign = 1n;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest.startsWith('-')) sign = -1n;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;

  let total = 0n;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < rest.length) {
    const at = TERM.lastIndex;
    const match = TERM.exec(rest);
    if (match?.index !== at) return undefined;
    const [, whole = '', fraction = '', unit = ''] = match;
    if (whole === '' && fraction === '') return undefined; // "s" or ".s"
    const perUnit = NANOS_PER_UNIT[unit];
    if (perUnit === undefined) return undefined;
    total += BigInt(whole === '' ? '0' : whole) * perUnit;
    if (fraction !== '') total += (BigInt(fraction) * perUnit) / 10n ** BigInt(fraction.length);
    if (total > MAX_NANOS) return undefined;
  }
  return sign * total;
}

/**
 * Whole milliseconds of a Go duration string (truncated toward zero, like Go's
 * Duration.Milliseconds), or undefined when Go's parser would reject it.
 */
export function parseGoDurationMs(text: string): number | undefined {
  const nanos = parseGoDuration(text);
  return nanos === undefined ? undefined : Number(nanos / 1_000_000n);
}
