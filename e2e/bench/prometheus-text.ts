/** The value of an unlabelled sample `name` in Prometheus text, or undefined when absent. */
export function sampleValue(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}
