/** What the router needs to know about the messages stream: the consumer implements it. */
export interface StreamView {
  /** The topic id; every position handed out belongs to it. */
  readonly epoch: string;
  /** The partition a room's messages are keyed to (Kafka's default murmur2 partitioner). */
  partitionOf(room: string): number;
  /** How many partitions the topic has. */
  readonly partitionCount: number;
}
