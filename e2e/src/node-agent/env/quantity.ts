const BINARY: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** A Kubernetes resource quantity ("500m", "128Mi", "1e3") as a plain number of base units. */
export function parseQuantity(text: string): number {
  const match = /^([+-]?[0-9.]+)(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/.exec(
    text.trim(),
  );
  if (match === null) throw new RangeError(`not a quantity: "${text}"`);
  const base = Number(match[1]);
  if (Number.isNaN(base)) throw new RangeError(`not a quantity: "${text}"`);
  if (match[2] !== undefined) return base * 10 ** Number(match[2].slice(1));
  const suffix = match[3] ?? '';
  return base * (BINARY[suffix] ?? DECIMAL[suffix] ?? 1);
}

/** What the downward API exposes for a resource: the value divided by the divisor, rounded up. */
export function divideQuantity(value: string, divisor: string | undefined): string {
  const d = parseQuantity(divisor === undefined || divisor === '' ? '1' : divisor);
  return String(Math.ceil(parseQuantity(value) / d - 1e-9));
}
