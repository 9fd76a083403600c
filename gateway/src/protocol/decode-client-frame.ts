import { isUtf8 } from 'node:buffer';
import { ProtocolError, type ProtocolErrorCode } from '../errors/index.js';
import {
  AckKind,
  ClientFrameType,
  MAX_ACK_IDS,
  type AckFrame,
  type ClientFrame,
  type PingFrame,
  type PresenceRequestFrame,
  type RefreshFrame,
  type SubscribeFrame,
  type SubscribeRoom,
  type TypingFrame,
  type UnsubscribeFrame,
} from './client-frame.js';
import {
  isFrameId,
  isMessageId,
  isRoomId,
  MAX_FRAME_ID,
  MESSAGE_ID_RULE,
  ROOM_ID_RULE,
} from './identifiers.js';
import {
  EPOCH_PATTERN,
  isOffset,
  isPartition,
  MAX_OFFSET,
  MAX_PARTITION,
  type StreamPosition,
} from './position.js';

export interface DecodeOptions {
  /** Most rooms in one `subscribe` or `unsubscribe` frame (announced in `welcome.limits`). */
  readonly maxRoomsPerFrame: number;
  /**
   * Largest frame accepted, in bytes. ws's `maxPayload` normally enforces this before the frame is
   * buffered (closing with 1009); this check is for transports without it. Unchecked if absent.
   */
  readonly maxFrameBytes?: number;
}

type JsonObject = Readonly<Record<string, unknown>>;

/** Rejections of one frame carry its id, once read, so the server can answer that frame. */
class FrameContext {
  frameId: number | undefined;

  constructor(readonly options: DecodeOptions) {}

  fail(message: string, code: ProtocolErrorCode = 'bad_frame'): ProtocolError {
    return new ProtocolError(code, message, this.frameId === undefined ? {} : { frameId: this.frameId });
  }
}

function fatal(message: string, code: ProtocolErrorCode = 'bad_frame'): ProtocolError {
  return new ProtocolError(code, message, { fatal: true });
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Client-supplied names are echoed in messages: quoted, and cut short. */
function quote(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}...` : text);
}

function rejectUnknownFields(
  ctx: FrameContext,
  obj: JsonObject,
  allowed: readonly string[],
  where: string,
): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw ctx.fail(`${where} has unknown field ${quote(key)}`);
  }
}

// Object.hasOwn, not `in` or a plain read: a frame is untrusted and inherits from Object.prototype.
function required(ctx: FrameContext, obj: JsonObject, key: string, path: string): unknown {
  if (!Object.hasOwn(obj, key)) throw ctx.fail(`${path} is required`);
  return obj[key];
}

function frameId(ctx: FrameContext, obj: JsonObject): number {
  const id = required(ctx, obj, 'id', 'id');
  if (!isFrameId(id)) throw ctx.fail(`id must be an integer from 1 to ${MAX_FRAME_ID}`);
  return id;
}

function roomId(ctx: FrameContext, value: unknown, path: string): string {
  if (!isRoomId(value)) throw ctx.fail(`${path} must be ${ROOM_ID_RULE}`);
  return value;
}

function list(ctx: FrameContext, value: unknown, path: string, max: number): readonly unknown[] {
  if (!Array.isArray(value)) throw ctx.fail(`${path} must be an array`);
  if (value.length === 0) throw ctx.fail(`${path} must not be empty`);
  if (value.length > max) throw ctx.fail(`${path} must have at most ${max} entries`);
  return value as readonly unknown[];
}

function offset(ctx: FrameContext, value: unknown, path: string): string {
  if (typeof value !== 'string' || !/^[0-9]+$/.test(value))
    throw ctx.fail(`${path} must be a decimal string`);
  if (value.length > 1 && value.startsWith('0')) throw ctx.fail(`${path} must not have leading zeros`);
  if (!isOffset(value)) throw ctx.fail(`${path} must be at most ${MAX_OFFSET}`);
  return value;
}

function since(ctx: FrameContext, value: unknown, path: string): StreamPosition {
  if (!isObject(value)) throw ctx.fail(`${path} must be an object`);
  rejectUnknownFields(ctx, value, ['epoch', 'partition', 'offset'], path);
  const epoch = required(ctx, value, 'epoch', `${path}.epoch`);
  if (typeof epoch !== 'string' || !EPOCH_PATTERN.test(epoch)) {
    throw ctx.fail(`${path}.epoch must be 1-64 characters of [A-Za-z0-9_-]`);
  }
  const partition = required(ctx, value, 'partition', `${path}.partition`);
  if (!isPartition(partition))
    throw ctx.fail(`${path}.partition must be an integer from 0 to ${MAX_PARTITION}`);
  return {
    epoch,
    partition,
    offset: offset(ctx, required(ctx, value, 'offset', `${path}.offset`), `${path}.offset`),
  };
}

function subscribe(ctx: FrameContext, obj: JsonObject): SubscribeFrame {
  rejectUnknownFields(ctx, obj, ['type', 'id', 'rooms'], 'frame');
  const id = frameId(ctx, obj);
  const entries = list(ctx, required(ctx, obj, 'rooms', 'rooms'), 'rooms', ctx.options.maxRoomsPerFrame);
  const seen = new Map<string, number>();
  const rooms = entries.map((entry, i): SubscribeRoom => {
    const path = `rooms[${i}]`;
    if (!isObject(entry)) throw ctx.fail(`${path} must be an object`);
    rejectUnknownFields(ctx, entry, ['room', 'since'], path);
    const room = roomId(ctx, required(ctx, entry, 'room', `${path}.room`), `${path}.room`);
    const first = seen.get(room);
    if (first !== undefined) throw ctx.fail(`${path}.room duplicates rooms[${first}].room`);
    seen.set(room, i);
    return Object.hasOwn(entry, 'since')
      ? { room, since: since(ctx, entry['since'], `${path}.since`) }
      : { room };
  });
  return { type: 'subscribe', id, rooms };
}

function unsubscribe(ctx: FrameContext, obj: JsonObject): UnsubscribeFrame {
  rejectUnknownFields(ctx, obj, ['type', 'id', 'rooms'], 'frame');
  const id = frameId(ctx, obj);
  const entries = list(ctx, required(ctx, obj, 'rooms', 'rooms'), 'rooms', ctx.options.maxRoomsPerFrame);
  const seen = new Map<string, number>();
  const rooms = entries.map((entry, i) => {
    const room = roomId(ctx, entry, `rooms[${i}]`);
    const first = seen.get(room);
    if (first !== undefined) throw ctx.fail(`rooms[${i}] duplicates rooms[${first}]`);
    seen.set(room, i);
    return room;
  });
  return { type: 'unsubscribe', id, rooms };
}

function ping(ctx: FrameContext, obj: JsonObject): PingFrame {
  rejectUnknownFields(ctx, obj, ['type', 'id'], 'frame');
  return { type: 'ping', id: frameId(ctx, obj) };
}

function typing(ctx: FrameContext, obj: JsonObject): TypingFrame {
  rejectUnknownFields(ctx, obj, ['type', 'room'], 'frame');
  return { type: 'typing', room: roomId(ctx, required(ctx, obj, 'room', 'room'), 'room') };
}

function ack(ctx: FrameContext, obj: JsonObject): AckFrame {
  rejectUnknownFields(ctx, obj, ['type', 'room', 'kind', 'ids'], 'frame');
  const room = roomId(ctx, required(ctx, obj, 'room', 'room'), 'room');
  const kind = required(ctx, obj, 'kind', 'kind');
  if (kind !== AckKind.Delivered && kind !== AckKind.Read)
    throw ctx.fail('kind must be "delivered" or "read"');
  const ids = list(ctx, required(ctx, obj, 'ids', 'ids'), 'ids', MAX_ACK_IDS).map((value, i) => {
    if (!isMessageId(value)) throw ctx.fail(`ids[${i}] must be ${MESSAGE_ID_RULE}`);
    return value;
  });
  return { type: 'ack', room, kind, ids };
}

function presence(ctx: FrameContext, obj: JsonObject): PresenceRequestFrame {
  rejectUnknownFields(ctx, obj, ['type', 'id', 'room'], 'frame');
  const id = frameId(ctx, obj);
  return { type: 'presence', id, room: roomId(ctx, required(ctx, obj, 'room', 'room'), 'room') };
}

function refresh(ctx: FrameContext, obj: JsonObject): RefreshFrame {
  rejectUnknownFields(ctx, obj, ['type', 'id', 'token'], 'frame');
  const id = frameId(ctx, obj);
  const token = required(ctx, obj, 'token', 'token');
  if (typeof token !== 'string' || token.length === 0) throw ctx.fail('token must be a non-empty string');
  return { type: 'refresh', id, token };
}

const decoders: Readonly<Record<ClientFrameType, (ctx: FrameContext, obj: JsonObject) => ClientFrame>> = {
  [ClientFrameType.Subscribe]: subscribe,
  [ClientFrameType.Unsubscribe]: unsubscribe,
  [ClientFrameType.Ping]: ping,
  [ClientFrameType.Typing]: typing,
  [ClientFrameType.Ack]: ack,
  [ClientFrameType.Presence]: presence,
  [ClientFrameType.Refresh]: refresh,
};

function checkOptions(options: DecodeOptions): void {
  const { maxRoomsPerFrame, maxFrameBytes } = options;
  if (!Number.isSafeInteger(maxRoomsPerFrame) || maxRoomsPerFrame < 1) {
    throw new RangeError(`maxRoomsPerFrame must be a positive integer, got ${String(maxRoomsPerFrame)}`);
  }
  if (maxFrameBytes !== undefined && (!Number.isSafeInteger(maxFrameBytes) || maxFrameBytes < 1)) {
    throw new RangeError(`maxFrameBytes must be a positive integer, got ${String(maxFrameBytes)}`);
  }
}

/**
 * Decodes one WebSocket message into a validated client frame, or throws a ProtocolError whose
 * message names the offending field. Validation is strict (unknown fields, wrong types and
 * out-of-range values are refused) so that a client bug shows up at once and a future field can
 * never be silently ignored by an older server. Throws RangeError for invalid options.
 *
 * Contract for the caller: `fatal` errors mean the peer does not speak the protocol, close the
 * connection; other errors are answered with an `error` frame carrying `frameId` when present.
 */
export function decodeClientFrame(
  raw: Buffer | string,
  isBinary: boolean,
  options: DecodeOptions,
): ClientFrame {
  checkOptions(options);
  if (isBinary) throw fatal('binary frames are not supported; send JSON text frames');
  if (options.maxFrameBytes !== undefined) {
    const size = typeof raw === 'string' ? Buffer.byteLength(raw, 'utf8') : raw.length;
    if (size > options.maxFrameBytes) {
      throw fatal(`frame is ${size} bytes; the limit is ${options.maxFrameBytes}`, 'frame_too_large');
    }
  }
  // ws validates UTF-8 of text frames unless skipUTF8Validation is set; strings can still hold lone
  // surrogates, which no UTF-8 peer could have sent.
  const valid = typeof raw === 'string' ? raw.isWellFormed() : isUtf8(raw);
  if (!valid) throw fatal('frame is not valid UTF-8');
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    throw fatal('frame is not valid JSON');
  }
  if (!isObject(value)) throw fatal('frame must be a JSON object');

  const ctx = new FrameContext(options);
  if (Object.hasOwn(value, 'id') && isFrameId(value['id'])) ctx.frameId = value['id'];
  if (!Object.hasOwn(value, 'type')) throw ctx.fail('type is required');
  const type = value['type'];
  if (typeof type !== 'string') throw ctx.fail('type must be a string');
  if (!Object.hasOwn(decoders, type)) throw ctx.fail(`unknown frame type ${quote(type)}`, 'unknown_type');
  return decoders[type as ClientFrameType](ctx, value);
}
