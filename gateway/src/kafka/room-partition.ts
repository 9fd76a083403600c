import { Partitioners } from 'kafkajs';

/**
 * The partition Kafka's default partitioner (murmur2 of the key, as in the Java client Spring
 * Boot uses) puts a room's messages in. Lets the gateway hand out a position for a room that has
 * no message yet, so a client subscribed to an empty room can still recover what it missed.
 */
export function roomPartitioner(topic: string, partitionCount: number): (room: string) => number {
  const partition = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitionCount }, (_, partitionId) => ({
    partitionId,
    partitionErrorCode: 0,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
  return (room) => partition({ topic, partitionMetadata, message: { key: room, value: null } });
}
