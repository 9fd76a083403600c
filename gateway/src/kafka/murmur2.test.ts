import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { keyPartition, murmur2 } from './murmur2.js';
import { javaCompatiblePartitioner } from './partitioner.js';

/** kafkajs's Java-compatible partitioner: the reference the producer side uses. */
function kafkajsPartition(key: string, partitionCount: number): number {
  const partition = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitionCount }, (_, partitionId) => ({
    partitionId,
    partitionErrorCode: 0,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
  return partition({ topic: 't', partitionMetadata, message: { key, value: null } });
}

/** A deterministic pseudo-random generator, so a failure names a reproducible key. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('murmur2', () => {
  it("matches the Java client's values (Kafka's own test vectors)", () => {
    expect(['21', 'foobar', 'a-little-bit-long-string', 'a-little-bit-longer-string'].map(murmur2)).toEqual([
      -973932308, -790332482, -985981536, -1486304829,
    ]);
    expect(murmur2('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8')).toBe(-58897971);
    expect(murmur2('abc')).toBe(479470107);
  });

  it("puts every key in kafkajs's partition, for every length and for non-ASCII keys", () => {
    const random = generator(7);
    const alphabet = 'abcXYZ09-_:.é漢😀';
    for (let n = 0; n < 2000; n++) {
      const chars = Array.from(alphabet);
      const length = Math.floor(random() * 40);
      let key = '';
      for (let i = 0; i < length; i++) key += chars[Math.floor(random() * chars.length)] ?? '';
      const partitions = 1 + Math.floor(random() * 64);
      expect(keyPartition(key, partitions), `key ${JSON.stringify(key)} over ${partitions}`).toBe(
        kafkajsPartition(key, partitions),
      );
    }
  });
});

describe('javaCompatiblePartitioner', () => {
  const partitionMetadata = Array.from({ length: 12 }, (_, partitionId) => ({
    partitionId,
    partitionErrorCode: 0,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));

  it('places string and Buffer keys where kafkajs would, and honours an explicit partition', () => {
    const ours = javaCompatiblePartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    for (const key of ['room-1', Buffer.from('room-2'), 'комната', '']) {
      const args = { topic: 't', partitionMetadata, message: { key, value: null } };
      expect(ours(args)).toBe(theirs(args));
    }
    expect(
      ours({ topic: 't', partitionMetadata, message: { key: 'room-1', value: null, partition: 7 } }),
    ).toBe(7);
  });
});
