import type { ConfigResourceTypes, ConfigSource } from 'kafkajs';

// Kafka protocol codes the topics code sends or reads, in one table. kafkajs declares enums for
// them but exports their values only to CommonJS: Node's ESM loader sees just a few of kafkajs'
// names (Kafka, logLevel ...), so a named ESM import of ConfigSource type-checks, passes under
// vitest, and fails when the operator starts. The values are typed as kafkajs' enum members.

// The values cannot come from kafkajs at run time (above); kafka-wire-codes.test.ts compares them.
/* eslint-disable @typescript-eslint/no-unsafe-enum-assignment */

/** DescribeConfigs/AlterConfigs resource types (kafkajs ConfigResourceTypes). */
export const ConfigResourceType = { Topic: 2 as ConfigResourceTypes.TOPIC } as const;

/** Where a described config value comes from (kafkajs ConfigSource). */
export const ConfigValueSource = {
  /** Set on the topic itself (a dynamic topic config). */
  TopicConfig: 1 as ConfigSource.TOPIC_CONFIG,
} as const;

/* eslint-enable @typescript-eslint/no-unsafe-enum-assignment */
