import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstTable, MarkdownDoc } from '../../test/support/markdown-doc.js';
import { AuthFailure, authFailureStatus } from '../auth/identity.js';
import { authDetails, type AuthDetail } from './auth-detail.js';

/** API.md is what the gateway's authors read; its detail table is held to the code's table. */
const doc = readFileSync(new URL('./API.md', import.meta.url), 'utf8');
const markdown = new MarkdownDoc(doc, 'API.md');

describe('API.md', () => {
  it('lists every detail with its reason and message exactly as the table has them', () => {
    const expected = (Object.keys(authDetails) as AuthDetail[]).map((detail) => [
      `\`${detail}\``,
      `\`${authDetails[detail].reason}\``,
      authDetails[detail].message,
    ]);
    expect(firstTable(markdown.section('Details'))).toEqual(expected);
  });

  it('states the HTTP status of every reason as the gateway maps it', () => {
    const rows = firstTable(doc.slice(doc.indexOf('| reason | HTTP |')));
    for (const reason of Object.values(AuthFailure)) {
      const row = rows.find((cells) => (cells[0] ?? '').includes(`\`${reason}\``));
      expect(row?.[1], reason).toMatch(new RegExp(`^${authFailureStatus[reason]}\\b`));
    }
  });
});
