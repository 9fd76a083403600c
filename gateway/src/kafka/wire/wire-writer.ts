/** Builds a Kafka request in the protocol's big-endian primitive types. */
export class WireWriter {
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

  bytes(v: Buffer): this {
    return this.int32(v.length).push(v);
  }

  compactBytes(v: Buffer): this {
    return this.uvarint(v.length + 1).push(v);
  }

  /** An empty tagged-fields section (flexible versions). */
  noTags(): this {
    return this.uvarint(0);
  }

  push(b: Buffer): this {
    this.parts.push(b);
    return this;
  }

  build(): Buffer {
    return Buffer.concat(this.parts);
  }
}
