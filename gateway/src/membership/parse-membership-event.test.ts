import { describe, expect, it } from 'vitest';
import { parseMembershipEvent, type RawEventRecord } from './parse-membership-event.js';

function record(value: string | null, headers: RawEventRecord['headers'] = {}): RawEventRecord {
  return { value: value === null ? null : Buffer.from(value, 'utf8'), headers };
}

describe('parseMembershipEvent', () => {
  it('reads the four event types from raw bytes', () => {
    const id = { 'event-id': Buffer.from('ev-1') };
    expect(
      parseMembershipEvent(record('{"type":"member_removed","roomId":"cr_1","userId":"u1"}', id)),
    ).toEqual({ ok: true, event: { type: 'member_removed', roomId: 'cr_1', userId: 'u1', id: 'ev-1' } });
    expect(parseMembershipEvent(record('{"type":"member_added","roomId":"cr_1","userId":"u1"}'))).toEqual({
      ok: true,
      event: { type: 'member_added', roomId: 'cr_1', userId: 'u1', id: undefined },
    });
    expect(
      parseMembershipEvent(record('{"type":"room_deleted","roomId":"cr_1"}', { 'event-id': 'ev-2' })),
    ).toEqual({ ok: true, event: { type: 'room_deleted', roomId: 'cr_1', id: 'ev-2' } });
    expect(
      parseMembershipEvent(record('{"type":"user_banned","userId":"u 1","at":"2026-01-01T00:00:00Z"}')),
    ).toEqual({ ok: true, event: { type: 'user_banned', userId: 'u 1', id: undefined } });
  });

  it('ignores fields it does not know and takes the first of repeated headers', () => {
    const parsed = parseMembershipEvent(
      record('{"type":"room_deleted","roomId":"cr_1","by":"admin","userId":5}', {
        'event-id': [Buffer.from('a'), Buffer.from('b')],
      }),
    );
    expect(parsed).toEqual({ ok: true, event: { type: 'room_deleted', roomId: 'cr_1', id: 'a' } });
  });

  it('refuses what breaks the contract, with a reason and a detail', () => {
    const cases: [string | null, string, string][] = [
      [null, 'not_json', 'record has no value (tombstone)'],
      ['{"type":', 'not_json', 'value is not JSON'],
      ['\xff\xfe', 'not_json', 'value is not JSON'],
      ['"member_removed"', 'not_object', 'value must be a JSON object'],
      ['[{"type":"user_banned"}]', 'not_object', 'value must be a JSON object'],
      ['{"roomId":"cr_1"}', 'missing_field', 'type is required'],
      ['{"type":7}', 'wrong_type', 'type must be a string'],
      ['{"type":"member_renamed","roomId":"cr_1"}', 'unknown_type', 'unknown event type "member_renamed"'],
      ['{"type":"member_removed","userId":"u1"}', 'missing_field', 'roomId is required'],
      ['{"type":"member_removed","roomId":"cr_1"}', 'missing_field', 'userId is required'],
      [
        '{"type":"member_added","roomId":"cr_1","userId":""}',
        'wrong_type',
        'userId must be a non-empty string',
      ],
      ['{"type":"member_added","roomId":42,"userId":"u1"}', 'wrong_type', 'roomId must be a string'],
      ['{"type":"room_deleted","roomId":"has space"}', 'bad_room', 'roomId must be 1-128 characters'],
      ['{"type":"user_banned","userId":null}', 'missing_field', 'userId is required'],
    ];
    for (const [value, reason, detail] of cases) {
      const parsed = parseMembershipEvent(record(value));
      expect(parsed.ok, String(value)).toBe(false);
      if (parsed.ok) continue;
      expect(parsed.reason, String(value)).toBe(reason);
      expect(parsed.detail, String(value)).toContain(detail);
    }
  });
});
