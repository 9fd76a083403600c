/**
 * One reading of a Prometheus text page, keyed by series exactly as printed
 * (`name{label="value"}`), so a test can compare two readings and assert what changed between.
 */
export class MetricsScrape {
  private constructor(private readonly samples: ReadonlyMap<string, number>) {}

  static parse(text: string): MetricsScrape {
    const samples = new Map<string, number>();
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const at = line.lastIndexOf(' ');
      samples.set(line.slice(0, at), Number(line.slice(at + 1)));
    }
    return new MetricsScrape(samples);
  }

  static async of(url: string): Promise<MetricsScrape> {
    return MetricsScrape.parse(await (await fetch(url)).text());
  }

  has(series: string): boolean {
    return this.samples.has(series);
  }

  /** The value of a series; a series never printed counts as 0 (a counter not yet incremented). */
  value(series: string): number {
    return this.samples.get(series) ?? 0;
  }

  /** How much each named series grew since `before`. */
  since(before: MetricsScrape, series: readonly string[]): Record<string, number> {
    return Object.fromEntries(series.map((s) => [s, this.value(s) - before.value(s)]));
  }

  /** Every series of one metric family whose value changed since `before`, with the change. */
  changed(before: MetricsScrape, family: string): Record<string, number> {
    const out: Record<string, number> = {};
    const names = new Set([...this.samples.keys(), ...before.samples.keys()]);
    for (const s of names) {
      if (s !== family && !s.startsWith(`${family}{`)) continue;
      const diff = this.value(s) - before.value(s);
      if (diff !== 0) out[s] = diff;
    }
    return out;
  }
}
