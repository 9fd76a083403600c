import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import type { Logger } from '../log/index.js';
import { kafkajsLogCreator } from './kafkajs-logger.js';

/** Credentials and transport security for the brokers, already read from their files. */
export interface KafkaSecurity {
  readonly sasl?: {
    readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
    readonly username: string;
    readonly password: string;
  };
  /** Present: TLS; `ca` (PEM) replaces the system roots when given. */
  readonly tls?: { readonly ca?: string };
}

/** How every Kafka client of the gateway reaches the brokers. */
export interface KafkaConnectionOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Unset: kafkajs' default (1 s). */
  readonly connectTimeoutMs?: number;
  /** Unset: kafkajs' default retry policy. */
  readonly retry?: { readonly initialMs: number; readonly maxMs: number };
  /** Unset: plaintext, no SASL. */
  readonly security?: KafkaSecurity;
}

/**
 * One place that turns connection options into a kafkajs client, so the messages consumer, the
 * events consumer, signals and receipts all speak to the brokers with the same security and logs.
 */
export function createKafka(options: KafkaConnectionOptions, logger: Logger): Kafka {
  const { sasl, tls } = options.security ?? {};
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    ...(options.connectTimeoutMs === undefined ? {} : { connectionTimeout: options.connectTimeoutMs }),
    ...(options.retry === undefined
      ? {}
      : {
          retry: { initialRetryTime: options.retry.initialMs, maxRetryTime: options.retry.maxMs, retries: 8 },
        }),
    ...(sasl === undefined ? {} : { sasl: { ...sasl } as SASLOptions }),
    ...(tls === undefined ? {} : { ssl: tls.ca === undefined ? true : { ca: [tls.ca] } }),
    logLevel: logLevel.INFO,
    logCreator: kafkajsLogCreator(logger),
  });
}
