import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors/index.js';
import { decodeClientFrame, type DecodeOptions } from './decode-client-frame.js';

const options: DecodeOptions = { maxRoomsPerFrame: 3 };

/** Frames arrive from ws as Buffers; tests build them from JSON text or raw bytes. */
function bytes(frame: unknown): Buffer {
  return Buffer.from(typeof frame === 'string' ? frame : JSON.stringify(frame), 'utf8');
}

function rejection(raw: Buffer | string, isBinary = false, opts: DecodeOptions = options): ProtocolError {
  try {
    decodeClientFrame(raw, isBinary, opts);
  } catch (err) {
    if (err instanceof ProtocolError) return err;
    throw err;
  }
  throw new Error(`expected a rejection of ${raw.toString()}`);
}

/** [code, message, frameId, fatal] of the rejection of a JSON value. */
function rejected(frame: unknown): [string, string, number | undefined, boolean] {
  const err = rejection(bytes(frame));
  return [err.code, err.message, err.frameId, err.fatal];
}

describe('decodeClientFrame: happy paths', () => {
  it('decodes a subscribe frame with and without since', () => {
    const frame = {
      type: 'subscribe',
      id: 1,
      rooms: [
        { room: 'cr_1' },
        {
          room: 'team:ops@acme.example',
          since: {
            epoch: 'b3f1c2d4-0000-4000-8000-00000000abcd',
            partition: 3,
            offset: '9223372036854775807',
          },
        },
      ],
    };
    expect(decodeClientFrame(bytes(frame), false, options)).toEqual(frame);
  });

  it('decodes every other frame type from a Buffer and from a string', () => {
    const frames = [
      { type: 'unsubscribe', id: 2, rooms: ['cr_1', 'cr_2'] },
      { type: 'ping', id: 4294967295 },
      { type: 'typing', room: 'cr_1' },
      { type: 'ack', room: 'cr_1', kind: 'delivered', ids: ['m-1', 'm-2'] },
      { type: 'ack', room: 'cr_1', kind: 'read', ids: ['~!x'] },
      { type: 'presence', id: 3, room: 'cr_1' },
      { type: 'refresh', id: 5, token: 'eyJ.a.b' },
    ];
    for (const frame of frames) {
      expect(decodeClientFrame(bytes(frame), false, options)).toEqual(frame);
      expect(decodeClientFrame(JSON.stringify(frame), false, options)).toEqual(frame);
    }
  });

  it('accepts the limits exactly', () => {
    const rooms = ['a', 'b', 'c'];
    expect(decodeClientFrame(bytes({ type: 'unsubscribe', id: 1, rooms }), false, options)).toEqual({
      type: 'unsubscribe',
      id: 1,
      rooms,
    });
    const ids = Array.from({ length: 100 }, (_, i) => `m${i}`);
    expect(
      decodeClientFrame(bytes({ type: 'ack', room: 'r', kind: 'read', ids }), false, options),
    ).toMatchObject({
      ids,
    });
    const room = 'r'.repeat(128);
    expect(decodeClientFrame(bytes({ type: 'typing', room }), false, options)).toEqual({
      type: 'typing',
      room,
    });
  });

  it('builds the frame from known fields only (no prototype or extra properties)', () => {
    const frame = decodeClientFrame(
      bytes({ type: 'subscribe', id: 1, rooms: [{ room: 'a' }] }),
      false,
      options,
    );
    expect(Object.getPrototypeOf(frame)).toBe(Object.prototype);
    expect(Object.keys(frame)).toEqual(['type', 'id', 'rooms']);
  });
});

describe('decodeClientFrame: frames that are not protocol JSON (fatal)', () => {
  it('rejects binary frames', () => {
    const err = rejection(bytes({ type: 'ping', id: 1 }), true);
    expect([err.code, err.message, err.fatal]).toEqual([
      'bad_frame',
      'binary frames are not supported; send JSON text frames',
      true,
    ]);
  });

  it('rejects invalid UTF-8 and lone surrogates', () => {
    for (const raw of [
      Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), // {"\xc3(" : bad continuation byte
      Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate
      Buffer.from([0xff]),
      '{"type":"typing","room":"\ud800"}',
    ]) {
      const err = rejection(raw);
      expect([err.code, err.message, err.fatal]).toEqual(['bad_frame', 'frame is not valid UTF-8', true]);
    }
  });

  it('rejects text that is not JSON', () => {
    for (const raw of ['', '{', '{"type":"ping","id":1}x', "{'type':'ping'}", 'ping']) {
      const err = rejection(bytes(raw));
      expect([err.code, err.message, err.fatal]).toEqual(['bad_frame', 'frame is not valid JSON', true]);
    }
  });

  it('rejects JSON that is not an object', () => {
    for (const raw of ['[]', '[{"type":"ping","id":1}]', 'null', '1', '"ping"', 'true']) {
      const err = rejection(bytes(raw));
      expect([err.code, err.message, err.frameId, err.fatal]).toEqual([
        'bad_frame',
        'frame must be a JSON object',
        undefined,
        true,
      ]);
    }
  });

  it('rejects frames above maxFrameBytes, counting bytes not characters', () => {
    const limited = { maxRoomsPerFrame: 3, maxFrameBytes: 30 };
    const ok = JSON.stringify({ type: 'typing', room: 'abc' }); // 30 bytes
    expect(decodeClientFrame(ok, false, limited)).toEqual({ type: 'typing', room: 'abc' });
    const text = '{"type":"typing","room":"é€"}'; // 29 characters, 32 bytes
    expect(text.length).toBeLessThan(30);
    const err = rejection(text, false, limited);
    expect([err.code, err.message, err.fatal]).toEqual([
      'frame_too_large',
      'frame is 32 bytes; the limit is 30',
      true,
    ]);
    expect(rejection(Buffer.alloc(31, 0x20), false, limited).code).toBe('frame_too_large');
  });
});

describe('decodeClientFrame: type', () => {
  it('requires a string type naming a known frame', () => {
    expect(rejected({ id: 1 })).toEqual(['bad_frame', 'type is required', 1, false]);
    expect(rejected({ type: 7 })).toEqual(['bad_frame', 'type must be a string', undefined, false]);
    expect(rejected({ type: 'publish', id: 9 })).toEqual([
      'unknown_type',
      'unknown frame type "publish"',
      9,
      false,
    ]);
    expect(rejected({ type: 'PING', id: 1 })).toEqual([
      'unknown_type',
      'unknown frame type "PING"',
      1,
      false,
    ]);
  });

  it('does not take Object.prototype members for frame types', () => {
    for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(rejected({ type })[0]).toBe('unknown_type');
    }
  });

  it('cuts long client-supplied names in messages', () => {
    const [, message] = rejected({ type: 'x'.repeat(1000) });
    expect(message).toBe(`unknown frame type "${'x'.repeat(64)}..."`);
  });
});

describe('decodeClientFrame: id', () => {
  it('requires an integer id from 1 to 2^32-1 where a reply is sent', () => {
    expect(rejected({ type: 'ping' })).toEqual(['bad_frame', 'id is required', undefined, false]);
    for (const id of [0, -1, 1.5, '1', null, 4294967296, 1e300]) {
      expect(rejected({ type: 'ping', id })).toEqual([
        'bad_frame',
        'id must be an integer from 1 to 4294967295',
        undefined,
        false,
      ]);
    }
  });

  it('carries a readable id on later rejections so the server can answer it', () => {
    expect(rejected({ type: 'subscribe', id: 42, rooms: 'cr_1' })).toEqual([
      'bad_frame',
      'rooms must be an array',
      42,
      false,
    ]);
  });

  it('refuses an id on frames that get no reply', () => {
    expect(rejected({ type: 'typing', id: 3, room: 'cr_1' })).toEqual([
      'bad_frame',
      'frame has unknown field "id"',
      3,
      false,
    ]);
  });
});

describe('decodeClientFrame: unknown fields', () => {
  it('rejects unknown fields at every level', () => {
    expect(rejected({ type: 'ping', id: 1, extra: true })[1]).toBe('frame has unknown field "extra"');
    expect(rejected({ type: 'subscribe', id: 1, rooms: [{ room: 'a' }, { room: 'b', from: 1 }] })[1]).toBe(
      'rooms[1] has unknown field "from"',
    );
    expect(
      rejected({
        type: 'subscribe',
        id: 1,
        rooms: [{ room: 'a', since: { epoch: 'e', partition: 0, offset: '1', x: 0 } }],
      })[1],
    ).toBe('rooms[0].since has unknown field "x"');
  });

  it('rejects a __proto__ key as an unknown field rather than touching the prototype', () => {
    const err = rejection('{"type":"ping","id":1,"__proto__":{"polluted":true}}');
    expect(err.message).toBe('frame has unknown field "__proto__"');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('decodeClientFrame: subscribe', () => {
  const sub = (rooms: unknown): unknown => ({ type: 'subscribe', id: 1, rooms });
  const since = (s: unknown): unknown => sub([{ room: 'a' }, { room: 'b', since: s }]);

  it('validates the room list', () => {
    expect(rejected({ type: 'subscribe', id: 1 })[1]).toBe('rooms is required');
    expect(rejected(sub({ room: 'a' }))[1]).toBe('rooms must be an array');
    expect(rejected(sub([]))[1]).toBe('rooms must not be empty');
    expect(rejected(sub([{ room: 'a' }, { room: 'b' }, { room: 'c' }, { room: 'd' }]))[1]).toBe(
      'rooms must have at most 3 entries',
    );
    expect(rejected(sub([{ room: 'a' }, 'b']))[1]).toBe('rooms[1] must be an object');
    expect(rejected(sub([{ room: 'a' }, null]))[1]).toBe('rooms[1] must be an object');
    expect(rejected(sub([{}]))[1]).toBe('rooms[0].room is required');
  });

  it('validates room ids', () => {
    for (const room of ['', 'a b', 'r'.repeat(129), 'é', 'a/b', 5, null]) {
      expect(rejected(sub([{ room }]))[1]).toBe('rooms[0].room must be 1-128 characters of [A-Za-z0-9_.:@-]');
    }
  });

  it('rejects a room named twice in one frame', () => {
    expect(rejected(sub([{ room: 'a' }, { room: 'b' }, { room: 'a' }]))).toEqual([
      'bad_frame',
      'rooms[2].room duplicates rooms[0].room',
      1,
      false,
    ]);
  });

  it('validates since', () => {
    const ok = { epoch: 'e1', partition: 0, offset: '0' };
    expect(rejected(since(null))[1]).toBe('rooms[1].since must be an object');
    expect(rejected(since([ok]))[1]).toBe('rooms[1].since must be an object');
    expect(rejected(since({ partition: 0, offset: '0' }))[1]).toBe('rooms[1].since.epoch is required');
    expect(rejected(since({ ...ok, epoch: '' }))[1]).toBe(
      'rooms[1].since.epoch must be 1-64 characters of [A-Za-z0-9_-]',
    );
    expect(rejected(since({ ...ok, epoch: 7 }))[1]).toBe(
      'rooms[1].since.epoch must be 1-64 characters of [A-Za-z0-9_-]',
    );
    expect(rejected(since({ epoch: 'e', offset: '0' }))[1]).toBe('rooms[1].since.partition is required');
    for (const partition of [-1, 0.5, '0', 2147483648]) {
      expect(rejected(since({ ...ok, partition }))[1]).toBe(
        'rooms[1].since.partition must be an integer from 0 to 2147483647',
      );
    }
    expect(rejected(since({ epoch: 'e', partition: 0 }))[1]).toBe('rooms[1].since.offset is required');
  });

  it('validates offsets as canonical decimal strings of a non-negative int64', () => {
    const offset = (o: unknown): string => rejected(since({ epoch: 'e', partition: 2, offset: o }))[1];
    for (const bad of [12, '', '-1', '+1', '1.0', '1e3', ' 1', '0x10', '１']) {
      expect(offset(bad)).toBe('rooms[1].since.offset must be a decimal string');
    }
    expect(offset('007')).toBe('rooms[1].since.offset must not have leading zeros');
    expect(offset('9223372036854775808')).toBe('rooms[1].since.offset must be at most 9223372036854775807');
    expect(offset('99999999999999999999')).toBe('rooms[1].since.offset must be at most 9223372036854775807');
  });
});

describe('decodeClientFrame: unsubscribe', () => {
  const unsub = (rooms: unknown): unknown => ({ type: 'unsubscribe', id: 8, rooms });

  it('validates the room list', () => {
    expect(rejected({ type: 'unsubscribe', id: 8 })[1]).toBe('rooms is required');
    expect(rejected(unsub('a'))[1]).toBe('rooms must be an array');
    expect(rejected(unsub([]))[1]).toBe('rooms must not be empty');
    expect(rejected(unsub(['a', 'b', 'c', 'd']))[1]).toBe('rooms must have at most 3 entries');
    expect(rejected(unsub(['a', { room: 'b' }]))[1]).toBe(
      'rooms[1] must be 1-128 characters of [A-Za-z0-9_.:@-]',
    );
    expect(rejected(unsub(['a', 'b', 'b']))).toEqual(['bad_frame', 'rooms[2] duplicates rooms[1]', 8, false]);
  });
});

describe('decodeClientFrame: typing, ack, presence, refresh', () => {
  it('validates typing', () => {
    expect(rejected({ type: 'typing' })[1]).toBe('room is required');
    expect(rejected({ type: 'typing', room: '' })[1]).toBe(
      'room must be 1-128 characters of [A-Za-z0-9_.:@-]',
    );
  });

  it('validates ack', () => {
    const ack = { type: 'ack', room: 'r', kind: 'read', ids: ['m1'] };
    expect(rejected({ ...ack, room: undefined })[1]).toBe('room is required');
    expect(rejected({ ...ack, kind: undefined })[1]).toBe('kind is required');
    expect(rejected({ ...ack, kind: 'seen' })[1]).toBe('kind must be "delivered" or "read"');
    expect(rejected({ ...ack, ids: undefined })[1]).toBe('ids is required');
    expect(rejected({ ...ack, ids: 'm1' })[1]).toBe('ids must be an array');
    expect(rejected({ ...ack, ids: [] })[1]).toBe('ids must not be empty');
    expect(rejected({ ...ack, ids: Array.from({ length: 101 }, (_, i) => `m${i}`) })[1]).toBe(
      'ids must have at most 100 entries',
    );
    for (const id of ['', 'a b', 'é', 'x'.repeat(129), 1]) {
      expect(rejected({ ...ack, ids: ['ok', id] })[1]).toBe(
        'ids[1] must be 1-128 printable ASCII characters',
      );
    }
  });

  it('validates presence', () => {
    expect(rejected({ type: 'presence', room: 'r' })).toEqual([
      'bad_frame',
      'id is required',
      undefined,
      false,
    ]);
    expect(rejected({ type: 'presence', id: 2 })).toEqual(['bad_frame', 'room is required', 2, false]);
  });

  it('validates refresh', () => {
    expect(rejected({ type: 'refresh', id: 2 })).toEqual(['bad_frame', 'token is required', 2, false]);
    expect(rejected({ type: 'refresh', id: 2, token: '' })[1]).toBe('token must be a non-empty string');
    expect(rejected({ type: 'refresh', id: 2, token: { jwt: 'x' } })[1]).toBe(
      'token must be a non-empty string',
    );
  });
});

describe('decodeClientFrame: options', () => {
  it('rejects invalid options with a precise message', () => {
    const ping = bytes({ type: 'ping', id: 1 });
    expect(() => decodeClientFrame(ping, false, { maxRoomsPerFrame: 0 })).toThrow(
      new RangeError('maxRoomsPerFrame must be a positive integer, got 0'),
    );
    expect(() => decodeClientFrame(ping, false, { maxRoomsPerFrame: 1.5 })).toThrow(
      new RangeError('maxRoomsPerFrame must be a positive integer, got 1.5'),
    );
    expect(() => decodeClientFrame(ping, false, { maxRoomsPerFrame: 1, maxFrameBytes: -1 })).toThrow(
      new RangeError('maxFrameBytes must be a positive integer, got -1'),
    );
  });
});
