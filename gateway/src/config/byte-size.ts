const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  kib: 1024,
  ki: 1024,
  mib: 1024 ** 2,
  mi: 1024 ** 2,
  gib: 1024 ** 3,
  gi: 1024 ** 3,
};

// Binary units only: `64KB` is refused rather than guessed, since 64000 and 65536 both have fans.
// `Ki`/`Mi`/`Gi` are accepted because Kubernetes manifests spell sizes that way.
const PATTERN = /^(\d+)\s*([a-z]*)$/i;

/** `65536`, `64KiB`, `64Ki`, `1MiB` -> bytes; `undefined` when the text is not a size. */
export function parseByteSize(text: string): number | undefined {
  const match = PATTERN.exec(text);
  if (match === null) return undefined;
  const unit = UNITS[(match[2] ?? '').toLowerCase()];
  if (unit === undefined) return undefined;
  const bytes = Number(match[1]) * unit;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** The shortest exact spelling: 65536 -> `64KiB`, 1000 -> `1000`. */
export function formatByteSize(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (bytes !== 0 && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}
