/**
 * Optimal string alignment distance: Levenshtein plus adjacent transpositions, the typing
 * mistakes people actually make (`FRAM`, `FRMAE`).
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * Two edits: close enough to be a typo of one option, far enough that another component's
 * variables (`CMF_INSTANCE`, the sidecar's own) are not mistaken for ours.
 */
export const MAX_TYPO_DISTANCE = 2;

/**
 * The candidate `name` is most likely a typo of, or `undefined` when none is within
 * MAX_TYPO_DISTANCE. `candidates` maps each spelling to the name to suggest, so near-misses
 * that are not typos (a `_MS` suffix) can point at the real name.
 */
export function didYouMean(name: string, candidates: ReadonlyMap<string, string>): string | undefined {
  let best: { suggestion: string; distance: number } | undefined;
  for (const [spelling, suggestion] of candidates) {
    const distance = editDistance(name, spelling);
    if (distance <= MAX_TYPO_DISTANCE && (best === undefined || distance < best.distance)) {
      best = { suggestion, distance };
    }
  }
  return best?.suggestion;
}
