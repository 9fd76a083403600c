import { Partitioners, type ICustomPartitioner } from 'kafkajs';
import { keyPartition } from './murmur2.js';

/**
 * kafkajs's default partitioner with our own murmur2 for keyed records (the same partition, see
 * murmur2.ts, without its allocations); records with an explicit partition or no key are left to
 * kafkajs.
 */
export const javaCompatiblePartitioner: ICustomPartitioner = () => {
  const fallback = Partitioners.DefaultPartitioner();
  return (args) => {
    const { key, partition } = args.message;
    if (partition === undefined && (typeof key === 'string' || Buffer.isBuffer(key))) {
      return keyPartition(key, args.partitionMetadata.length);
    }
    return fallback(args);
  };
};
