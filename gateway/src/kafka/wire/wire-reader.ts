import { BrokerConnectionError } from '../broker-connection-error.js';

/** Reads a Kafka response; running past its end is a protocol error, never a silent zero. */
export class WireReader {
  private pos = 0;

  constructor(
    private readonly buf: Buffer,
    /** Names the response in errors. */
    private readonly what: string,
  ) {}

  int8(): number {
    return this.buf.readInt8(this.advance(1));
  }

  int16(): number {
    return this.buf.readInt16BE(this.advance(2));
  }

  int32(): number {
    return this.buf.readInt32BE(this.advance(4));
  }

  int64(): bigint {
    return this.buf.readBigInt64BE(this.advance(8));
  }

  uvarint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buf.readUInt8(this.advance(1));
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 28) throw new BrokerConnectionError('protocol', `${this.what}: varint longer than 5 bytes`);
    }
  }

  nullableString(): string | null {
    const n = this.int16();
    if (n < 0) return null;
    return this.text(n);
  }

  compactString(): string | null {
    const n = this.uvarint();
    if (n === 0) return null;
    return this.text(n - 1);
  }

  bytes(): Buffer {
    const n = this.int32();
    return n < 0 ? Buffer.alloc(0) : this.slice(n);
  }

  compactBytes(): Buffer {
    const n = this.uvarint();
    return n === 0 ? Buffer.alloc(0) : this.slice(n - 1);
  }

  uuid(): string {
    const hex = this.slice(16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  array(each: () => void): void {
    const n = this.int32();
    for (let i = 0; i < n; i++) each();
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

  private text(n: number): string {
    return this.slice(n).toString('utf8');
  }

  private slice(n: number): Buffer {
    const start = this.advance(n);
    return this.buf.subarray(start, start + n);
  }

  private advance(n: number): number {
    const at = this.pos;
    if (at + n > this.buf.length) throw new BrokerConnectionError('protocol', `truncated ${this.what}`);
    this.pos += n;
    return at;
  }
}
