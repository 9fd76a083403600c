/**
 * One reading of a Prometheus text page: samples keyed by series exactly as printed
 * (`name{label="value"}`), and each family's `# TYPE`.
 */
export class MetricsText {
  private constructor(
    private readonly samples: ReadonlyMap<string, number>,
    private readonly types: ReadonlyMap<string, string>,
  ) {}

  static parse(text: string): MetricsText {
    const samples = new Map<string, number>();
    const types = new Map<string, string>();
    for (const line of text.split('\n')) {
      if (line.startsWith('# TYPE ')) {
        const [, , name = '', type = ''] = line.split(' ');
        types.set(name, type);
      }
      if (line === '' || line.startsWith('#')) continue;
      const at = line.lastIndexOf(' ');
      samples.set(line.slice(0, at), Number(line.slice(at + 1)));
    }
    return new MetricsText(samples, types);
  }

  has(series: string): boolean {
    return this.samples.has(series);
  }

  /** The value of a series; a series never printed counts as 0. */
  value(series: string): number {
    return this.samples.get(series) ?? 0;
  }

  typeOf(family: string): string | undefined {
    return this.types.get(family);
  }

  /** Every family that has a `# TYPE` line. */
  families(): string[] {
    return [...this.types.keys()];
  }

  /** The label sets (`{...}`, or '' for none) printed for one family. */
  labelsOf(family: string): string[] {
    return [...this.samples.keys()]
      .filter((s) => s === family || s.startsWith(`${family}{`))
      .map((s) => s.slice(family.length));
  }

  /** The sum of a family's series whose label set passes the filter. */
  sum(family: string, include: (labels: string) => boolean = () => true): number {
    return this.labelsOf(family)
      .filter(include)
      .reduce((total, labels) => total + this.value(`${family}${labels}`), 0);
  }
}
