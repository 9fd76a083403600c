const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * Kafka's murmur2 of `key`'s UTF-8 bytes, as the Java client (and so Spring Boot's producer)
 * computes it to pick a partition: 32-bit arithmetic, `>>>` where Java writes `>>>`. Written here
 * because kafkajs's version emulates 64-bit longs with objects, a dozen allocations a byte, and
 * the gateway runs it on every subscribe and every presence, typing and receipt record.
 */
export function murmur2(key: string | Buffer): number {
  const data = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  const length = data.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data.readInt32LE(i);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & 3;
  if (tail > 0) {
    if (tail === 3) h ^= data.readUInt8(whole + 2) << 16;
    if (tail >= 2) h ^= data.readUInt8(whole + 1) << 8;
    h ^= data.readUInt8(whole);
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition of `key` among `partitionCount`, as Kafka's default partitioner picks it. */
export function keyPartition(key: string | Buffer, partitionCount: number): number {
  return (murmur2(key) & 0x7fffffff) % partitionCount;
}
