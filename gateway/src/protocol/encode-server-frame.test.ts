import { describe, expect, it } from 'vitest';
import { errorPayload } from '../errors/index.js';
import { encodeServerFrame } from './encode-server-frame.js';
import type { ServerFrame } from './server-frame.js';

const frames: ServerFrame[] = [
  {
    type: 'welcome',
    protocol: 1,
    connectionId: 'c-1',
    userId: 'u1',
    heartbeatMs: 25000,
    expiresAt: 1767225600000,
    limits: { maxFrameBytes: 65536, maxSubscriptions: 256, commandsPerSecond: 20, maxRoomsPerFrame: 64 },
  },
  {
    type: 'subscribed',
    id: 1,
    epoch: 'b3f1c2d4-0000-4000-8000-00000000abcd',
    rooms: [
      { room: 'cr_1', ok: true, position: { partition: 3, offset: '1042' }, recovered: true, missed: 2 },
      { room: 'cr_2', ok: true, position: null, recovered: false, missed: 0 },
      { room: 'cr_3', ok: false, error: errorPayload('forbidden') },
    ],
  },
  { type: 'unsubscribed', id: 2, rooms: ['cr_1'] },
  { type: 'unsubscribed', rooms: ['cr_2'], reason: errorPayload('forbidden', 'removed from the room') },
  {
    type: 'message',
    room: 'cr_1',
    id: 'm-1',
    position: { partition: 3, offset: '1043' },
    data: {
      chatRoomId: 'cr_1',
      senderId: 'u2',
      content: 'hi',
      sentTimestamp: '2026-01-01T00:00:00Z',
      edited: false,
    },
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  },
  { type: 'error', id: 3, error: errorPayload('rate_limited') },
  { type: 'error', error: errorPayload('bad_frame', 'frame has unknown field "x"') },
  { type: 'pong', id: 4 },
  { type: 'typing', room: 'cr_1', userId: 'u2' },
  { type: 'presence', id: 5, room: 'cr_1', users: ['u1', 'u2'] },
  { type: 'presence', room: 'cr_1', joined: ['u3'], left: ['u2'] },
  { type: 'refreshed', id: 6, expiresAt: 1767229200000 },
];

describe('encodeServerFrame', () => {
  it('round-trips every frame type through JSON text', () => {
    for (const frame of frames) {
      const text = encodeServerFrame(frame);
      expect(typeof text).toBe('string');
      expect(JSON.parse(text)).toEqual(frame);
    }
  });

  it('puts type first so that frames read well in logs', () => {
    for (const frame of frames) expect(encodeServerFrame(frame).startsWith('{"type":"')).toBe(true);
  });
});
