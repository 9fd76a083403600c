/**
 * Why a raw connection to a broker failed. Callers branch on `code` and `retryable`, never on the
 * message: retryable failures (the network, a broker restarting) may pass on their own, the
 * others need a change of configuration (credentials, CA, mechanism) and fail the same way again.
 */
export const BrokerConnectionFailure = {
  unreachable: { code: 'CMF_KAFKA_UNREACHABLE', retryable: true },
  timeout: { code: 'CMF_KAFKA_TIMEOUT', retryable: true },
  /** The broker answered with bytes that do not parse as the expected response. */
  protocol: { code: 'CMF_KAFKA_PROTOCOL_ERROR', retryable: true },
  /** The broker's certificate is not trusted by the configured CA or does not name the host. */
  tlsUntrusted: { code: 'CMF_KAFKA_TLS_UNTRUSTED', retryable: false },
  /** The broker does not serve a version of an API that this client can speak. */
  unsupportedVersion: { code: 'CMF_KAFKA_UNSUPPORTED_VERSION', retryable: false },
  /** The broker does not enable the configured SASL mechanism. */
  saslMechanismRefused: { code: 'CMF_KAFKA_SASL_MECHANISM_REFUSED', retryable: false },
  /** The broker refused the credentials; the message is the broker's own. */
  saslAuthFailed: { code: 'CMF_KAFKA_SASL_AUTH_FAILED', retryable: false },
  /** The broker could not prove it knows the password (SCRAM server signature, nonce, iterations). */
  saslServerUnverified: { code: 'CMF_KAFKA_SASL_SERVER_UNVERIFIED', retryable: false },
} as const;

export type BrokerConnectionFailure = keyof typeof BrokerConnectionFailure;

export class BrokerConnectionError extends Error {
  readonly code: (typeof BrokerConnectionFailure)[BrokerConnectionFailure]['code'];
  readonly retryable: boolean;

  constructor(
    readonly failure: BrokerConnectionFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'BrokerConnectionError';
    this.code = BrokerConnectionFailure[failure].code;
    this.retryable = BrokerConnectionFailure[failure].retryable;
  }
}
