/** The Kafka protocol error codes this client acts on (the broker's `error_code` fields). */
export const KafkaErrorCode = {
  none: 0,
  unknownTopicOrPartition: 3,
  unsupportedSaslMechanism: 33,
  illegalSaslState: 34,
  unsupportedVersion: 35,
  saslAuthenticationFailed: 58,
} as const;
