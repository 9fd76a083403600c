import { describe, expect, it } from 'vitest';
import { chatMessageRecord } from './chat-message-record.js';
import { membershipEventRecord } from './membership-event-record.js';

const TRACE = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('chat message record', () => {
  const base = {
    messageId: 'm-1',
    room: 'cr_1',
    senderId: 'u1',
    content: 'hello',
    sentTimestamp: '2026-11-29T10:00:00.000Z',
    traceparent: TRACE,
  };

  it('is keyed by the room and carries the id and trace in headers', () => {
    const record = chatMessageRecord(base);
    expect(record.key).toBe('cr_1');
    expect(record.headers).toEqual({ 'message-id': 'm-1', traceparent: TRACE });
    expect(JSON.parse(record.value)).toEqual({
      chatRoomId: 'cr_1',
      senderId: 'u1',
      content: 'hello',
      sentTimestamp: '2026-11-29T10:00:00.000Z',
      messageId: 'm-1',
    });
  });

  it('passes allowedUserIds through only when given', () => {
    const record = chatMessageRecord({ ...base, allowedUserIds: ['u1', 'u2'] });
    expect(JSON.parse(record.value)).toMatchObject({ allowedUserIds: ['u1', 'u2'] });
    expect(JSON.parse(chatMessageRecord(base).value)).not.toHaveProperty('allowedUserIds');
  });
});

describe('membership event record', () => {
  it.each([
    [{ type: 'member_added', roomId: 'cr_1', userId: 'u1' } as const, 'cr_1'],
    [{ type: 'member_removed', roomId: 'cr_1', userId: 'u1' } as const, 'cr_1'],
    [{ type: 'room_deleted', roomId: 'cr_2' } as const, 'cr_2'],
    [{ type: 'user_banned', userId: 'u3' } as const, 'u3'],
  ])('%o is keyed by %s', (event, key) => {
    const record = membershipEventRecord(event, 'e-1', TRACE);
    expect(record.key).toBe(key);
    expect(JSON.parse(record.value)).toEqual(event);
    expect(record.headers).toEqual({ 'event-id': 'e-1', traceparent: TRACE });
  });
});
