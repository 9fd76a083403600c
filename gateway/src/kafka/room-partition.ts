import { keyPartition } from './murmur2.js';

/**
 * The partition Kafka's default partitioner (murmur2 of the key, as in the Java client Spring
 * Boot uses) puts a room's messages in. Lets the gateway hand out a position for a room that has
 * no message yet, so a client subscribed to an empty room can still recover what it missed.
 */
export function roomPartitioner(partitionCount: number): (room: string) => number {
  return (room) => keyPartition(room, partitionCount);
}
