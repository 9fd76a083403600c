import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';

/** What the messenger publishes on `<prefix>.events` (asyncapi-events.yaml). */
export type MessengerEvent =
  | { readonly type: 'member_removed'; readonly roomId: string; readonly userId: string }
  | { readonly type: 'member_added'; readonly roomId: string; readonly userId: string }
  | { readonly type: 'room_deleted'; readonly roomId: string }
  | { readonly type: 'user_banned'; readonly userId: string };

/**
 * Waits until every partition of a new topic has a leader. kafkajs' own wait (`waitForLeaders`)
 * gives up when a metadata request reaches the broker before the topic does (UNKNOWN_TOPIC_OR_PARTITION),
 * which a freshly started broker does now and then.
 */
async function leadersElected(admin: Admin, topic: string, partitions: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const found = topics[0]?.partitions ?? [];
      if (found.length === partitions && found.every((p) => p.leader >= 0)) return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error(`no leaders for ${topic} after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Creates a prefix's `events` topic and publishes membership events the way the messenger does:
 * room events keyed by roomId, user events by userId, an `event-id` header on each.
 */
export class MembershipEventsProducer {
  private constructor(
    readonly topic: string,
    private readonly admin: Admin,
    private readonly producer: Producer,
  ) {}

  static async create(brokers: string, prefix: string, partitions = 2): Promise<MembershipEventsProducer> {
    const kafka = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const topic = `${prefix}.events`;
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: false });
    await leadersElected(admin, topic, partitions);
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    return new MembershipEventsProducer(topic, admin, producer);
  }

  async send(...events: readonly MessengerEvent[]): Promise<void> {
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: events.map((event) => ({
        key: 'roomId' in event ? event.roomId : event.userId,
        value: JSON.stringify(event),
        headers: { 'event-id': randomUUID() },
      })),
    });
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
    await this.admin.disconnect();
  }
}
