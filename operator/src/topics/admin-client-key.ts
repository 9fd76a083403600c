import { createHash } from 'node:crypto';
import type { KafkaConnection } from './topic-reconciler.js';

/**
 * The identity of an admin client: two connections with the same key share one client. It holds
 * everything the client was built from: the brokers (as a set), the client id, the connect
 * timeout, the SASL mechanism and user, and TLS. The password and the CA bundle enter as SHA-256
 * digests, so a rotated credential or CA gets a new client rather than a refused one, and no
 * secret sits in a key that may end up in a log line.
 */
export function adminClientKey(connection: KafkaConnection): string {
  const { sasl, tls } = connection;
  return JSON.stringify({
    brokers: [...new Set(connection.brokers)].sort(),
    clientId: connection.clientId,
    connectTimeoutMs: connection.connectTimeoutMs,
    sasl:
      sasl === undefined
        ? null
        : { mechanism: sasl.mechanism, username: sasl.username, password: digest(sasl.password) },
    tls: tls === undefined ? null : { ca: tls.ca === undefined ? null : digest(tls.ca) },
  });
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
