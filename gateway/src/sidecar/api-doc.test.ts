import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuthFailure, authFailureStatus } from '../auth/identity.js';
import { authDetails, type AuthDetail } from './auth-detail.js';

/** API.md is what the gateway's authors read; its detail table is held to the code's table. */
const doc = readFileSync(new URL('./API.md', import.meta.url), 'utf8');

function section(heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`API.md has no "## ${heading}" section`);
  const end = doc.indexOf('\n## ', start + heading.length + 4);
  return doc.slice(start, end < 0 ? undefined : end);
}

function firstTable(text: string): string[][] {
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

describe('API.md', () => {
  it('lists every detail with its reason and message exactly as the table has them', () => {
    const expected = (Object.keys(authDetails) as AuthDetail[]).map((detail) => [
      `\`${detail}\``,
      `\`${authDetails[detail].reason}\``,
      authDetails[detail].message,
    ]);
    expect(firstTable(section('Details'))).toEqual(expected);
  });

  it('states the HTTP status of every reason as the gateway maps it', () => {
    const rows = firstTable(doc.slice(doc.indexOf('| reason | HTTP |')));
    for (const reason of Object.values(AuthFailure)) {
      const row = rows.find((cells) => (cells[0] ?? '').includes(`\`${reason}\``));
      expect(row?.[1], reason).toMatch(new RegExp(`^${authFailureStatus[reason]}\\b`));
    }
  });
});
