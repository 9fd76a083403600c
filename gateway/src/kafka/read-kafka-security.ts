import { readFileSync } from 'node:fs';
import type { GatewayConfig } from '../config/index.js';
import type { KafkaSecurity } from './kafka-client.js';

const MECHANISMS = {
  PLAIN: 'plain',
  'SCRAM-SHA-256': 'scram-sha-256',
  'SCRAM-SHA-512': 'scram-sha-512',
} as const;

export class KafkaCredentialsError extends Error {
  readonly code = 'CMF_KAFKA_CREDENTIALS_UNREADABLE';
  readonly retryable = false;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KafkaCredentialsError';
  }
}

function readSecretFile(path: string, what: string, read: (path: string) => string): string {
  let text: string;
  try {
    text = read(path);
  } catch (error) {
    throw new KafkaCredentialsError(`cannot read the Kafka ${what} from ${path}`, { cause: error });
  }
  // Secrets written by hand often end with a newline that is not part of the value.
  const value = text.replace(/\r?\n$/, '');
  if (value === '') throw new KafkaCredentialsError(`the Kafka ${what} file ${path} is empty`);
  return value;
}

/**
 * Reads the files the config points at (mounted Secret keys) once, at start: a rotated Secret
 * takes effect when the pods restart. The config rules already refuse half a SASL setup.
 */
export function readKafkaSecurity(
  kafka: GatewayConfig['kafka'],
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): KafkaSecurity {
  const { sasl, tls } = kafka;
  const credentials =
    sasl.mechanism !== 'none' && sasl.usernameFile !== undefined && sasl.passwordFile !== undefined
      ? {
          mechanism: MECHANISMS[sasl.mechanism],
          username: readSecretFile(sasl.usernameFile, 'SASL username', read),
          password: readSecretFile(sasl.passwordFile, 'SASL password', read),
        }
      : undefined;
  const transport = tls.enabled
    ? tls.caFile === undefined
      ? {}
      : { ca: readSecretFile(tls.caFile, 'TLS CA bundle', read) }
    : undefined;
  return {
    ...(credentials === undefined ? {} : { sasl: credentials }),
    ...(transport === undefined ? {} : { tls: transport }),
  };
}
