import { CloseCodes, type CloseCodeName } from './close-codes.js';

/** RFC 6455: a close frame's payload is at most 125 bytes, 2 of which are the code. */
export const MAX_CLOSE_REASON_BYTES = 123;

/**
 * The close reason for a table entry, optionally followed by a detail (`protocol violation: frame
 * is not valid JSON`). ws throws when a reason is longer than 123 bytes, and a detail may echo
 * client input, so the result is cut to fit on a UTF-8 character boundary.
 */
export function closeReason(name: CloseCodeName, detail?: string): string {
  const base = CloseCodes[name].reason;
  return truncateCloseReason(detail === undefined || detail === '' ? base : `${base}: ${detail}`);
}

export function truncateCloseReason(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= MAX_CLOSE_REASON_BYTES) return text;
  let end = MAX_CLOSE_REASON_BYTES;
  // Step back over continuation bytes (10xxxxxx) so no character is split.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.toString('utf8', 0, end);
}
