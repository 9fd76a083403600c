import { describe, expect, it } from 'vitest';
import { encodeMessageFrame } from './encode-message-frame.js';
import type { MessageFrame } from './server-frame.js';

const data = { chatRoomId: 'cr_1', senderId: 'u2', content: 'héllo "world"', sentTimestamp: 1767225600000 };

describe('encodeMessageFrame', () => {
  it('encodes a message frame once, as UTF-8 bytes', () => {
    const buffer = encodeMessageFrame({
      room: 'cr_1',
      id: 'm-1',
      partition: 3,
      offset: 9223372036854775807n,
      data,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    expect(Buffer.isBuffer(buffer)).toBe(true);
    const expected: MessageFrame = {
      type: 'message',
      room: 'cr_1',
      id: 'm-1',
      position: { partition: 3, offset: '9223372036854775807' },
      data,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    };
    expect(JSON.parse(buffer.toString('utf8'))).toEqual(expected);
    expect(buffer.toString('utf8')).toBe(JSON.stringify(expected));
  });

  it('accepts a string offset and leaves out a missing traceparent', () => {
    const text = encodeMessageFrame({
      room: 'cr_1',
      id: 'm-2',
      partition: 0,
      offset: '0',
      data,
      traceparent: undefined,
    }).toString();
    expect(text).toBe(
      '{"type":"message","room":"cr_1","id":"m-2","position":{"partition":0,"offset":"0"},' +
        `"data":${JSON.stringify(data)}}`,
    );
    expect(text).not.toContain('traceparent');
  });
});
