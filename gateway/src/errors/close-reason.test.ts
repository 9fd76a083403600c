import { describe, expect, it } from 'vitest';
import { closeReason, MAX_CLOSE_REASON_BYTES, truncateCloseReason } from './close-reason.js';

describe('closeReason', () => {
  it('is the table reason, optionally followed by a detail', () => {
    expect(closeReason('slow_consumer')).toBe('slow consumer');
    expect(closeReason('protocol_violation', 'frame is not valid JSON')).toBe(
      'protocol violation: frame is not valid JSON',
    );
    expect(closeReason('forbidden', '')).toBe('forbidden');
  });

  it('cuts a long detail to 123 bytes', () => {
    const reason = closeReason('protocol_violation', 'x'.repeat(500));
    expect(Buffer.byteLength(reason)).toBe(MAX_CLOSE_REASON_BYTES);
    expect(reason.startsWith('protocol violation: xxx')).toBe(true);
  });
});

describe('truncateCloseReason', () => {
  it('leaves short text alone', () => {
    expect(truncateCloseReason('bye')).toBe('bye');
    expect(truncateCloseReason('é'.repeat(61) + 'a')).toBe('é'.repeat(61) + 'a');
  });

  it('never splits a multi-byte character', () => {
    // 1 + 2 * 61 = 123 bytes fit; the 62nd two-byte character would end at byte 125.
    const cut = truncateCloseReason('a' + 'é'.repeat(80));
    expect(cut).toBe('a' + 'é'.repeat(61));
    // 122 one-byte characters, then a 4-byte one that does not fit.
    expect(truncateCloseReason('a'.repeat(122) + '😀')).toBe('a'.repeat(122));
    expect(Buffer.byteLength(truncateCloseReason('😀'.repeat(40)))).toBe(120);
  });
});
