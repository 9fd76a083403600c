import type { KafkaConfig, RetryOptions } from 'kafkajs';
import { kafkajsLogLevel, quietLogCreator, type TopicsLogger } from './quiet-kafkajs-logger.js';
import type { KafkaConnection } from './topic-reconciler.js';

/** The bounds every admin call runs under; the connect timeout comes from the KafkaConnection. */
export const AdminTimeouts = {
  /** How long the controller may take to create, grow or delete topics (the requests' `timeout`). */
  serverOperationMs: 5_000,
  /** How long kafkajs waits for one answer; longer than the above so the broker answers first. */
  requestMs: 7_000,
  /** Added to connect + request time to bound one whole call, retries included (see deadline.ts). */
  callSlackMs: 1_000,
  /** How long a freshly created topic may take to show leaders before it is reported creating. */
  leaderWaitMs: 3_000,
} as const;

/**
 * Few, quick retries: kafkajs nests its retry loops, and the operator's work queue requeues a
 * failed reconcile with its own per-key backoff, so long retries here would only hide an outage.
 */
export const adminRetry: RetryOptions = {
  retries: 2,
  initialRetryTime: 100,
  maxRetryTime: 1_000,
};

/** The longest one admin call may take before it is abandoned as unreachable. */
export function callDeadlineMs(connection: KafkaConnection): number {
  return connection.connectTimeoutMs + AdminTimeouts.requestMs + AdminTimeouts.callSlackMs;
}

/** kafkajs client options for one connection. Pure; kafkajs is not touched. */
export function kafkaClientConfig(connection: KafkaConnection, logger?: TopicsLogger): KafkaConfig {
  const config: KafkaConfig = {
    brokers: [...connection.brokers],
    clientId: connection.clientId,
    connectionTimeout: connection.connectTimeoutMs,
    authenticationTimeout: AdminTimeouts.requestMs,
    requestTimeout: AdminTimeouts.requestMs,
    enforceRequestTimeout: true,
    retry: adminRetry,
    logLevel: kafkajsLogLevel,
    logCreator: quietLogCreator(logger),
  };
  if (connection.tls !== undefined) {
    config.ssl = connection.tls.ca === undefined ? true : { ca: [connection.tls.ca] };
  }
  if (connection.sasl !== undefined) {
    const { username, password } = connection.sasl;
    // Spelled per mechanism: kafkajs types SASL options as a union keyed by the mechanism.
    switch (connection.sasl.mechanism) {
      case 'plain':
        config.sasl = { mechanism: 'plain', username, password };
        break;
      case 'scram-sha-256':
        config.sasl = { mechanism: 'scram-sha-256', username, password };
        break;
      case 'scram-sha-512':
        config.sasl = { mechanism: 'scram-sha-512', username, password };
        break;
    }
  }
  return config;
}
