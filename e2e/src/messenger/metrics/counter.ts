/** A Prometheus counter with a fixed label set; label values are escaped when rendered. */
export class Counter<L extends string> {
  private readonly values = new Map<string, { labels: Readonly<Record<L, string>>; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly L[],
  ) {}

  inc(labels: Readonly<Record<L, string>>, by = 1): void {
    const key = this.labelNames.map((name) => labels[name]).join('\u0000');
    const entry = this.values.get(key);
    if (entry === undefined) this.values.set(key, { labels: { ...labels }, value: by });
    else entry.value += by;
  }

  get(labels: Readonly<Record<L, string>>): number {
    return this.values.get(this.labelNames.map((name) => labels[name]).join('\u0000'))?.value ?? 0;
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values()) {
      const text = this.labelNames.map((name) => `${name}="${escapeLabel(labels[name])}"`).join(',');
      lines.push(`${this.name}${text === '' ? '' : `{${text}}`} ${value}`);
    }
    return lines;
  }
}

export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
