/** The value of an unlabelled sample `name` in Prometheus text, or undefined when absent. */
export function sampleValue(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

/** Cumulative counts of histogram `name` by upper bound (`le`, seconds), for its unlabelled series. */
export function histogramBuckets(text: string, name: string): Map<number, number> {
  const buckets = new Map<number, number>();
  const pattern = new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\S+)`);
  for (const line of text.split('\n')) {
    const match = pattern.exec(line);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    buckets.set(match[1] === '+Inf' ? Infinity : Number(match[1]), Number(match[2]));
  }
  return buckets;
}

/**
 * The upper bound of the bucket holding quantile `q` of what a histogram recorded between two
 * scrapes (cumulative buckets, as `histogramBuckets` reads them): "at most this", to the bucket's
 * resolution. Undefined when nothing was recorded.
 */
export function quantileBetween(
  before: ReadonlyMap<number, number>,
  after: ReadonlyMap<number, number>,
  q: number,
): number | undefined {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  if (total <= 0) return undefined;
  const rank = q * total;
  for (const bound of bounds) {
    if ((after.get(bound) ?? 0) - (before.get(bound) ?? 0) >= rank) return bound;
  }
  return Infinity;
}
