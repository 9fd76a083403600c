import { Kafka, logLevel } from 'kafkajs';

/** The topics a gateway reads and writes, so it can start (auto-creation is off). */
export async function createGatewayTopics(
  brokers: string,
  prefix: string,
  partitions: number,
): Promise<void> {
  const kafka = new Kafka({ clientId: 'cmf-bench-admin', brokers: [brokers], logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [
        { topic: `${prefix}.messages`, numPartitions: partitions },
        { topic: `${prefix}.dlq`, numPartitions: 1 },
        // Typing/presence across replicas, and receipts and connection events: the gateway
        // produces to and consumes these too.
        { topic: `${prefix}.signals`, numPartitions: 2 },
        { topic: `${prefix}.receipts`, numPartitions: 2 },
      ],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}
