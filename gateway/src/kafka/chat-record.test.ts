import { describe, expect, it } from 'vitest';
import { parseChatRecord, type RawRecord } from './chat-record.js';

const good = {
  chatRoomId: 'cr_1',
  senderId: 'u1',
  content: 'hello',
  sentTimestamp: '2026-11-29T10:00:00Z',
};

function record(value: unknown, overrides: Partial<RawRecord> = {}): RawRecord {
  return {
    partition: 2,
    offset: '41',
    timestamp: '1764410400000',
    key: Buffer.from('cr_1'),
    value: typeof value === 'string' ? Buffer.from(value) : Buffer.from(JSON.stringify(value)),
    headers: { 'message-id': Buffer.from('m-1') },
    ...overrides,
  };
}

describe('parseChatRecord', () => {
  it('accepts a ChatMessage and keeps every field but allowedUserIds', () => {
    const result = parseChatRecord(
      record(
        { ...good, allowedUserIds: ['u1', 'u2'], extra: 1 },
        {
          headers: {
            'message-id': Buffer.from('m-1'),
            traceparent: Buffer.from('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'),
          },
        },
      ),
    );
    expect(result).toEqual({
      ok: true,
      message: {
        id: 'm-1',
        room: 'cr_1',
        partition: 2,
        offset: 41n,
        timestamp: 1764410400000,
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        allowedUserIds: new Set(['u1', 'u2']),
        data: { ...good, extra: 1 },
      },
    });
  });

  it('takes the id from messageId when the header is absent, and accepts epoch-ms timestamps', () => {
    const result = parseChatRecord(
      record({ ...good, sentTimestamp: 1764410400000, messageId: 'x-9' }, { headers: {} }),
    );
    expect(result.ok && result.message.id).toBe('x-9');
  });

  it.each([
    ['not JSON', record('{nope'), 'not_json', /^value is not JSON: /],
    ['a tombstone', record('', { value: null }), 'not_json', /tombstone/],
    ['an array', record([1]), 'not_object', /must be a JSON object/],
    ['no senderId', record({ ...good, senderId: undefined }), 'missing_field', /^senderId is required$/],
    ['numeric content', record({ ...good, content: 5 }), 'wrong_type', /^content must be a string$/],
    [
      'a bad room id',
      record({ ...good, chatRoomId: 'a b' }, { key: Buffer.from('a b') }),
      'bad_room',
      /chatRoomId/,
    ],
    ['a bad timestamp', record({ ...good, sentTimestamp: 'yesterday' }), 'wrong_type', /sentTimestamp/],
    ['bad allowedUserIds', record({ ...good, allowedUserIds: [1] }), 'wrong_type', /allowedUserIds/],
    [
      'a key from another room',
      record(good, { key: Buffer.from('cr_2') }),
      'key_mismatch',
      /"cr_2" must equal chatRoomId "cr_1"/,
    ],
    ['no key', record(good, { key: null }), 'key_mismatch', /\(none\)/],
    ['no message id', record(good, { headers: {} }), 'missing_message_id', /message-id/],
    [
      'a malformed traceparent',
      record(good, { headers: { 'message-id': 'm', traceparent: '00-zz-01' } }),
      'bad_traceparent',
      /W3C/,
    ],
  ])('rejects %s', (_name, input, reason, detail) => {
    const result = parseChatRecord(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(reason);
      expect(result.detail).toMatch(detail);
    }
  });
});
