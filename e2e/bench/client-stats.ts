import { LatencyHistogram, type LatencySummary } from './latency-histogram.js';

/** What the load generator reports at one instant; counters are cumulative since connecting. */
export interface ClientSnapshot {
  /** Date.now() in the load generator when the snapshot was taken: rates use its clock. */
  readonly at: number;
  readonly open: number;
  readonly messages: number;
  readonly bytes: number;
  /** `presence` pushes (another socket joined or left a room): protocol traffic, not deliveries. */
  readonly presenceFrames: number;
  /** Of those, pushes naming users who `left`: none of the benchmark's sockets leaves while measured. */
  readonly presenceLeftFrames: number;
  /** Frames after `subscribed` that are neither `message` nor `presence` (errors): expected 0. */
  readonly otherFrames: number;
  readonly otherSamples: readonly string[];
  /** Close codes seen after the socket was subscribed, by code. */
  readonly closes: Readonly<Record<string, number>>;
  /** Latency since the previous snapshot that asked for a reset. */
  readonly latency: LatencySummary;
}

const MESSAGE_PREFIX = Buffer.from('{"type":"message"');
const PRESENCE_PREFIX = Buffer.from('{"type":"presence"');
const LEFT_KEY = Buffer.from('"left":');
const SENT_KEY = Buffer.from('"sentTimestamp":');
const ZERO = 0x30;
const NINE = 0x39;
const KEEP_SAMPLES = 5;

function startsWith(frame: Buffer, prefix: Buffer): boolean {
  return frame.length >= prefix.length && frame.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

/** Reads the decimal integer starting at `from`, or -1 when there is none. */
function readInt(buf: Buffer, from: number): number {
  let value = 0;
  let i = from;
  for (; i < buf.length; i++) {
    const c = buf[i] ?? 0;
    if (c < ZERO || c > NINE) break;
    value = value * 10 + (c - ZERO);
  }
  return i === from ? -1 : value;
}

/**
 * Counters for every subscribed socket of the load generator. A frame is classified by its
 * prefix and its `sentTimestamp` is found with a byte search instead of JSON.parse: the clients
 * share the machine with the server under test, so each frame must cost them as little as
 * possible. The same code runs against the gateway and the baseline.
 */
export class ClientStats {
  messages = 0;
  bytes = 0;
  presenceFrames = 0;
  presenceLeftFrames = 0;
  otherFrames = 0;
  open = 0;
  private readonly otherSamples: string[] = [];
  private readonly closes = new Map<number, number>();
  private readonly latency = new LatencyHistogram();

  onFrame(frame: Buffer): void {
    if (!startsWith(frame, MESSAGE_PREFIX)) {
      if (startsWith(frame, PRESENCE_PREFIX)) {
        this.presenceFrames++;
        if (frame.includes(LEFT_KEY)) this.presenceLeftFrames++;
        return;
      }
      this.otherFrames++;
      if (this.otherSamples.length < KEEP_SAMPLES) this.otherSamples.push(frame.toString('utf8', 0, 300));
      return;
    }
    this.messages++;
    this.bytes += frame.length;
    const at = frame.indexOf(SENT_KEY, MESSAGE_PREFIX.length);
    if (at < 0) return;
    const sent = readInt(frame, at + SENT_KEY.length);
    if (sent > 0) this.latency.record(Date.now() - sent);
  }

  onClose(code: number): void {
    this.closes.set(code, (this.closes.get(code) ?? 0) + 1);
  }

  snapshot(resetLatency: boolean): ClientSnapshot {
    const snapshot: ClientSnapshot = {
      at: Date.now(),
      open: this.open,
      messages: this.messages,
      bytes: this.bytes,
      presenceFrames: this.presenceFrames,
      presenceLeftFrames: this.presenceLeftFrames,
      otherFrames: this.otherFrames,
      otherSamples: [...this.otherSamples],
      closes: Object.fromEntries([...this.closes].map(([code, n]) => [String(code), n])),
      latency: this.latency.summary(),
    };
    if (resetLatency) this.latency.reset();
    return snapshot;
  }
}
