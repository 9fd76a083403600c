/**
 * Reads the parts of a markdown document that doc tests hold to the code: `## ` sections and
 * tables. Docs drift silently; these let a test compare them cell by cell with the code's tables.
 */
export class MarkdownDoc {
  constructor(
    readonly text: string,
    private readonly name: string,
  ) {}

  /** The text under a `## heading`, up to the next `## `. */
  section(heading: string): string {
    const start = this.text.indexOf(`\n## ${heading}\n`);
    if (start < 0) throw new Error(`${this.name} has no "## ${heading}" section`);
    const end = this.text.indexOf('\n## ', start + heading.length + 4);
    return this.text.slice(start, end < 0 ? undefined : end);
  }
}

/** The body rows (header and separator dropped) of the first markdown table in a text. */
export function firstTable(text: string): string[][] {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (let i = first; i >= 0 && i < lines.length && lines[i]?.startsWith('|'); i++) {
    rows.push(
      (lines[i] ?? '')
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
  }
  return rows.slice(2);
}
