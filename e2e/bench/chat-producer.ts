import { javaCompatiblePartitioner } from '@cmf/gateway';
import { Kafka, logLevel, type Message, type Producer } from 'kafkajs';
import { chatMessageValue, filler } from './chat-frame.js';
import type { RoomPlan } from './room-plan.js';

export interface SaturateOptions {
  readonly seconds: number;
  /**
   * How far production is ahead of what was handled downstream (deliveries not yet received, or
   * messages not yet consumed; polled, so slightly stale) and how far it may get: enough to keep
   * the gateway busy, little enough that "as fast as possible" measures the gateway, not how big
   * a Kafka backlog can grow.
   */
  readonly ahead: () => number;
  readonly limit: number;
  /** Messages per produce request (default 200). */
  readonly batch?: number;
}

const SATURATE_BATCH = 200;
const SATURATE_IN_FLIGHT = 4;
const RATE_TICK_MS = 5;
const RATE_IN_FLIGHT = 64;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Produces ChatMessages the way the messenger does: key = room (so a room stays in one
 * partition), value = ChatMessage JSON with `sentTimestamp` = Date.now() at produce time, and a
 * unique `message-id` header (the gateway drops repeated ids). Tracks exactly how many
 * deliveries the produced messages owe the clients.
 */
export class ChatProducer {
  private seq = 0;
  private owed = 0;
  private failure: unknown;
  private readonly tag = Date.now().toString(36);
  private readonly content: string;

  private constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly plan: RoomPlan,
    private readonly acks: number,
    contentBytes: number,
  ) {
    this.content = filler(contentBytes);
  }

  static async connect(
    brokers: string,
    topic: string,
    plan: RoomPlan,
    acks: number,
    contentBytes: number,
  ): Promise<ChatProducer> {
    const kafka = new Kafka({ clientId: 'cmf-bench', brokers: [brokers], logLevel: logLevel.ERROR });
    // Kafka's default (murmur2) partitioning, as Spring Boot's producer does and the gateway assumes;
    // the gateway's implementation, without kafkajs's per-byte allocations (this process is test equipment
    // sharing the machine with the gateway).
    const producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: javaCompatiblePartitioner,
    });
    await producer.connect();
    return new ChatProducer(producer, topic, plan, acks, contentBytes);
  }

  get produced(): number {
    return this.seq;
  }

  /** Deliveries every message produced so far should cause, over all its room's subscribers. */
  get owedDeliveries(): number {
    return this.owed;
  }

  async saturate(options: SaturateOptions): Promise<void> {
    const deadline = performance.now() + options.seconds * 1000;
    const inFlight = new Set<Promise<void>>();
    while (performance.now() < deadline) {
      this.throwIfFailed();
      if (inFlight.size >= SATURATE_IN_FLIGHT || options.ahead() > options.limit) {
        await sleep(1);
        continue;
      }
      this.sendTracked(options.batch ?? SATURATE_BATCH, inFlight);
    }
    await Promise.all(inFlight);
    this.throwIfFailed();
  }

  /** `perSecond` messages a second, in small batches every few milliseconds, for `seconds`. */
  async fixedRate(perSecond: number, seconds: number): Promise<void> {
    const started = performance.now();
    const inFlight = new Set<Promise<void>>();
    let sent = 0;
    for (;;) {
      this.throwIfFailed();
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed >= seconds) break;
      // Catch up on whatever a late timer missed, so the mean rate holds on a busy machine.
      const due = Math.floor(perSecond * elapsed) - sent;
      if (due > 0 && inFlight.size < RATE_IN_FLIGHT) {
        this.sendTracked(due, inFlight);
        sent += due;
      }
      await sleep(RATE_TICK_MS);
    }
    await Promise.all(inFlight);
    this.throwIfFailed();
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }

  private sendTracked(count: number, inFlight: Set<Promise<void>>): void {
    const messages = this.batch(count);
    const sending: Promise<void> = this.producer
      .send({ topic: this.topic, acks: this.acks, messages })
      .then(
        () => undefined,
        (err: unknown) => {
          this.failure ??= err;
        },
      )
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  }

  private batch(count: number): Message[] {
    const sentTimestamp = Date.now();
    const messages: Message[] = [];
    for (let i = 0; i < count; i++) {
      const seq = this.seq++;
      const roomIndex = this.plan.roomOfMessage(seq);
      const room = this.plan.roomName(roomIndex);
      this.owed += this.plan.fanout(roomIndex);
      messages.push({
        key: room,
        value: chatMessageValue(room, sentTimestamp, this.content),
        headers: { 'message-id': `m-${this.tag}-${seq}` },
      });
    }
    return messages;
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw new Error('producing to Kafka failed', { cause: this.failure });
  }
}
