import net from 'node:net';
import type { KafkaSecurity } from './kafka-client.js';

/**
 * Reads a topic's id (its UUID) with one Kafka Metadata v12 request. The id is the epoch of every
 * position in that topic: a deleted and re-created topic gets a new id while its offsets restart,
 * so comparing ids is the only safe way to refuse stale positions. kafkajs speaks Metadata up to
 * v6, which predates topic ids, hence this small raw request.
 */

const METADATA_API_KEY = 3;
const METADATA_VERSION = 12;
const UNKNOWN_TOPIC_OR_PARTITION = 3;

export class TopicIdError extends Error {
  readonly code = 'CMF_TOPIC_ID_UNAVAILABLE';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'TopicIdError';
  }
}

class Writer {
  private readonly parts: Buffer[] = [];
  int8(v: number): this {
    const b = Buffer.alloc(1);
    b.writeInt8(v);
    return this.push(b);
  }
  int16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    return this.push(b);
  }
  int32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    return this.push(b);
  }
  uvarint(v: number): this {
    const bytes: number[] = [];
    let n = v;
    while (n >= 0x80) {
      bytes.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    bytes.push(n);
    return this.push(Buffer.from(bytes));
  }
  string(v: string): this {
    const b = Buffer.from(v, 'utf8');
    return this.int16(b.length).push(b);
  }
  compactString(v: string): this {
    const b = Buffer.from(v, 'utf8');
    return this.uvarint(b.length + 1).push(b);
  }
  push(b: Buffer): this {
    this.parts.push(b);
    return this;
  }
  build(): Buffer {
    return Buffer.concat(this.parts);
  }
}

class Reader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}
  int8(): number {
    return this.buf.readInt8(this.advance(1));
  }
  int16(): number {
    return this.buf.readInt16BE(this.advance(2));
  }
  int32(): number {
    return this.buf.readInt32BE(this.advance(4));
  }
  uvarint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buf.readUInt8(this.advance(1));
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }
  compactString(): string | null {
    const n = this.uvarint();
    if (n === 0) return null;
    const start = this.advance(n - 1);
    return this.buf.toString('utf8', start, start + n - 1);
  }
  uuid(): string {
    const start = this.advance(16);
    const hex = this.buf.toString('hex', start, start + 16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  compactArray(each: () => void): void {
    const n = this.uvarint();
    for (let i = 0; i < n - 1; i++) each();
  }
  skipTags(): void {
    const n = this.uvarint();
    for (let i = 0; i < n; i++) {
      this.uvarint();
      this.advance(this.uvarint());
    }
  }
  private advance(n: number): number {
    const at = this.pos;
    if (at + n > this.buf.length) throw new TopicIdError('truncated Metadata response', true);
    this.pos += n;
    return at;
  }
}

export function encodeMetadataRequest(topic: string, correlationId: number, clientId: string): Buffer {
  const body = new Writer()
    // Request header v2: api key, version, correlation id, client id, tagged fields.
    .int16(METADATA_API_KEY)
    .int16(METADATA_VERSION)
    .int32(correlationId)
    .string(clientId)
    .uvarint(0)
    // topics: one entry (zero topic id, by name).
    .uvarint(2)
    .push(Buffer.alloc(16))
    .compactString(topic)
    .uvarint(0)
    .int8(0) // allow_auto_topic_creation
    .int8(0) // include_topic_authorized_operations
    .uvarint(0)
    .build();
  return Buffer.concat([new Writer().int32(body.length).build(), body]);
}

/** Parses a Metadata v12 response body (after the size prefix) and returns the topic's id. */
export function decodeTopicId(response: Buffer, topic: string): string {
  const r = new Reader(response);
  r.int32(); // correlation id
  r.skipTags();
  r.int32(); // throttle_time_ms
  r.compactArray(() => {
    r.int32();
    r.compactString();
    r.int32();
    r.compactString();
    r.skipTags();
  });
  r.compactString(); // cluster id
  r.int32(); // controller id
  let found: { error: number; id: string } | undefined;
  r.compactArray(() => {
    const error = r.int16();
    const name = r.compactString();
    const id = r.uuid();
    r.int8(); // is_internal
    r.compactArray(() => {
      r.int16();
      r.int32();
      r.int32();
      r.int32();
      for (let i = 0; i < 3; i++) r.compactArray(() => r.int32());
      r.skipTags();
    });
    r.int32(); // topic_authorized_operations
    r.skipTags();
    if (name === topic) found = { error, id };
  });
  if (found === undefined) throw new TopicIdError(`Metadata response does not mention topic ${topic}`, true);
  if (found.error === UNKNOWN_TOPIC_OR_PARTITION)
    throw new TopicIdError(`topic ${topic} does not exist`, true);
  if (found.error !== 0)
    throw new TopicIdError(`Metadata for ${topic} failed with Kafka error ${found.error}`, true);
  return found.id;
}

function requestOnce(broker: string, topic: string, timeoutMs: number, clientId: string): Promise<string> {
  const [host, portText] = [
    broker.slice(0, broker.lastIndexOf(':')),
    broker.slice(broker.lastIndexOf(':') + 1),
  ];
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port: Number(portText) });
    const chunks: Buffer[] = [];
    let received = 0;
    const fail = (err: Error): void => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(timeoutMs, () => {
      fail(new TopicIdError(`no Metadata answer from ${broker} within ${timeoutMs} ms`, true));
    });
    socket.on('error', (err) => {
      fail(new TopicIdError(`cannot reach ${broker}: ${err.message}`, true));
    });
    socket.on('connect', () => socket.write(encodeMetadataRequest(topic, 1, clientId)));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      const all = Buffer.concat(chunks, received);
      if (all.length < 4) return;
      const size = all.readInt32BE(0);
      if (all.length < 4 + size) return;
      socket.end();
      try {
        resolve(decodeTopicId(all.subarray(4, 4 + size), topic));
      } catch (err) {
        reject(err instanceof Error ? err : new TopicIdError(String(err), true));
      }
    });
  });
}

/** Asks each broker in turn until one answers. */
export async function fetchTopicId(
  brokers: readonly string[],
  topic: string,
  options: { timeoutMs?: number; clientId?: string; security?: KafkaSecurity } = {},
): Promise<string> {
  let last: Error = new TopicIdError('no brokers configured', false);
  for (const broker of brokers) {
    try {
      return await requestOnce(broker, topic, options.timeoutMs ?? 5000, options.clientId ?? 'cmf-gateway');
    } catch (err) {
      last = err as Error;
    }
  }
  throw last;
}
