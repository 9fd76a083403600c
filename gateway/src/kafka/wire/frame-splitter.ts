import { BrokerConnectionError } from '../broker-connection-error.js';

/**
 * Far above any answer this client asks for (a Metadata response for one topic, a SASL step). A
 * larger size means the peer is not speaking Kafka, for example a TLS listener answering a
 * plaintext client, and must not make us buffer gigabytes.
 */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** Cuts a TCP byte stream into Kafka response frames (each preceded by its int32 size). */
export class FrameSplitter {
  private buffered: Buffer = Buffer.alloc(0);

  /** Adds bytes from the socket; returns every frame they complete, without the size prefix. */
  push(chunk: Buffer): Buffer[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const frames: Buffer[] = [];
    while (this.buffered.length >= 4) {
      const size = this.buffered.readInt32BE(0);
      if (size < 0 || size > MAX_FRAME_BYTES)
        throw new BrokerConnectionError(
          'protocol',
          `response frame of ${size} bytes: the peer is not speaking Kafka`,
        );
      if (this.buffered.length < 4 + size) break;
      frames.push(this.buffered.subarray(4, 4 + size));
      this.buffered = this.buffered.subarray(4 + size);
    }
    return frames;
  }
}
