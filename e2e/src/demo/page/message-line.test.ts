import { describe, expect, it } from 'vitest';
import { formatTime, messageLine } from './message-line.js';

describe('messageLine', () => {
  it('shows sender, local time, content and the position', () => {
    const sent = new Date(2026, 0, 2, 9, 5, 7);
    expect(
      messageLine({
        room: 'cr_1',
        id: 'm-1',
        position: { partition: 2, offset: '41' },
        data: { chatRoomId: 'cr_1', senderId: 'bob', content: 'hi', sentTimestamp: sent.toISOString() },
      }),
    ).toEqual({ id: 'm-1', room: 'cr_1', sender: 'bob', time: '09:05:07', content: 'hi', position: '2:41' });
  });

  it('renders what the messenger left out as blanks', () => {
    const line = messageLine({ room: 'r', id: 'm', position: { partition: 0, offset: '0' }, data: {} });
    expect([line.sender, line.time, line.content]).toEqual(['?', '', '""']);
  });
});

describe('formatTime', () => {
  it('reads epoch milliseconds and ISO text, and nothing else', () => {
    const at = new Date(2026, 5, 1, 23, 59, 1);
    expect(formatTime(at.getTime())).toBe('23:59:01');
    expect(formatTime(at.toISOString())).toBe('23:59:01');
    expect(formatTime('yesterday')).toBe('');
    expect(formatTime(undefined)).toBe('');
  });
});
