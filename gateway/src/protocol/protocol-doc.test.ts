import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstTable, MarkdownDoc } from '../../test/support/markdown-doc.js';
import { CloseCodes, ErrorCodes, type CloseCodeName, type ErrorCode } from '../errors/index.js';
import { decodeClientFrame } from './decode-client-frame.js';
import { ServerFrameType } from './server-frame.js';

/**
 * PROTOCOL.md is what app developers read; these tests hold its tables and examples to the code,
 * and print the rows the code expects when they differ.
 */
const doc = readFileSync(new URL('../../PROTOCOL.md', import.meta.url), 'utf8');
const markdown = new MarkdownDoc(doc, 'PROTOCOL.md');

function jsonBlocks(text: string): unknown[] {
  return [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] ?? '') as unknown);
}

describe('PROTOCOL.md', () => {
  it('lists every error code exactly as the error-code table has it', () => {
    const expected = (Object.keys(ErrorCodes) as ErrorCode[]).map((code) => {
      const e = ErrorCodes[code];
      return [`\`${code}\``, String(e.number), e.retryable ? 'yes' : 'no', e.description];
    });
    expect(firstTable(markdown.section('Error codes'))).toEqual(expected);
  });

  it('lists every close code exactly as the close-code table has it', () => {
    const expected = (Object.keys(CloseCodes) as CloseCodeName[]).map((name) => {
      const c = CloseCodes[name];
      return [
        String(c.code),
        `\`${name}\``,
        c.reconnect ? 'reconnect' : 'terminal',
        `\`${c.reason}\``,
        c.description,
      ];
    });
    expect(firstTable(markdown.section('Close codes'))).toEqual(expected);
  });

  it('shows client frame examples that the decoder accepts', () => {
    const examples = jsonBlocks(markdown.section('Client frames'));
    expect(examples.length).toBeGreaterThanOrEqual(7);
    for (const example of examples) {
      expect(decodeClientFrame(JSON.stringify(example), false, { maxRoomsPerFrame: 64 })).toEqual(example);
    }
  });

  it('shows server frame examples of known types whose error payloads match the table', () => {
    const examples = jsonBlocks(markdown.section('Server frames'));
    const types = new Set<string>(Object.values(ServerFrameType));
    for (const example of examples as Record<string, unknown>[]) {
      expect(types).toContain(example['type']);
      const payloads = JSON.stringify(example).matchAll(
        /\{"code":"(\w+)","number":(\d+),"message":"[^"]*","retryable":(\w+)\}/g,
      );
      for (const [, code, number, retryable] of payloads) {
        const entry = ErrorCodes[code as ErrorCode];
        expect([Number(number), retryable === 'true']).toEqual([entry.number, entry.retryable]);
      }
    }
    const shown = new Set(examples.map((e) => (e as Record<string, unknown>)['type']));
    expect([...types].filter((t) => !shown.has(t))).toEqual([]);
  });
});
