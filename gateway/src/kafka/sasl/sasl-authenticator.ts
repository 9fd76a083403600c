import type { KafkaSecurity } from '../kafka-client.js';
import { BrokerConnectionError } from '../broker-connection-error.js';
import { ApiKey } from '../wire/api-keys.js';
import { negotiateVersion, type ApiVersions } from '../wire/api-versions.js';
import type { KafkaRequest } from '../wire/kafka-request.js';
import { KafkaErrorCode } from '../wire/kafka-error-codes.js';
import { SASL_AUTHENTICATE_VERSIONS, saslAuthenticateRequest } from '../wire/sasl-authenticate.js';
import { SASL_HANDSHAKE_VERSIONS, saslHandshakeRequest } from '../wire/sasl-handshake.js';
import { PlainExchange } from './plain-exchange.js';
import type { SaslExchange } from './sasl-exchange.js';
import { ScramExchange } from './scram-exchange.js';

/** Sends one request on an open connection and resolves with its decoded answer. */
export interface RequestSender {
  send<T>(request: KafkaRequest<T>): Promise<T>;
}

export type SaslCredentials = NonNullable<KafkaSecurity['sasl']>;

export function saslExchangeFor(credentials: SaslCredentials): SaslExchange {
  switch (credentials.mechanism) {
    case 'plain':
      return new PlainExchange(credentials.username, credentials.password);
    case 'scram-sha-256':
      return new ScramExchange('SCRAM-SHA-256', credentials.username, credentials.password);
    case 'scram-sha-512':
      return new ScramExchange('SCRAM-SHA-512', credentials.username, credentials.password);
  }
}

/**
 * Authenticates a fresh connection (KIP-152): SaslHandshake v1 names the mechanism, then each
 * SASL message travels in a SaslAuthenticate request, at the newest version both sides speak.
 * A refusal carries the broker's own message, which says what was wrong.
 */
export async function authenticateSasl(
  connection: RequestSender,
  versions: ApiVersions,
  exchange: SaslExchange,
): Promise<void> {
  negotiateVersion(versions, ApiKey.saslHandshake, 'SaslHandshake', SASL_HANDSHAKE_VERSIONS);
  const authenticateVersion = negotiateVersion(
    versions,
    ApiKey.saslAuthenticate,
    'SaslAuthenticate',
    SASL_AUTHENTICATE_VERSIONS,
  );
  const handshake = await connection.send(saslHandshakeRequest(exchange.mechanism));
  if (handshake.errorCode === KafkaErrorCode.unsupportedSaslMechanism)
    throw new BrokerConnectionError(
      'saslMechanismRefused',
      `the broker does not enable SASL ${exchange.mechanism} on this listener (it enables ${handshake.mechanisms.join(', ') || 'none'})`,
    );
  if (handshake.errorCode !== KafkaErrorCode.none)
    throw new BrokerConnectionError(
      'protocol',
      `SaslHandshake failed with Kafka error ${handshake.errorCode}`,
    );

  let message: Buffer | undefined = exchange.start();
  while (message !== undefined) {
    const answer = await connection.send(saslAuthenticateRequest(authenticateVersion, message));
    if (answer.errorCode === KafkaErrorCode.saslAuthenticationFailed)
      throw new BrokerConnectionError(
        'saslAuthFailed',
        `SASL ${exchange.mechanism} authentication failed: ${answer.errorMessage ?? 'no reason given'}`,
      );
    if (answer.errorCode !== KafkaErrorCode.none)
      throw new BrokerConnectionError(
        'protocol',
        `SaslAuthenticate failed with Kafka error ${answer.errorCode}: ${answer.errorMessage ?? 'no reason given'}`,
      );
    message = await exchange.next(answer.authBytes);
  }
}
