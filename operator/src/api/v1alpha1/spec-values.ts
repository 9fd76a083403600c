// The closed value sets of ChatGatewaySpec, one const object each; schema.test.ts checks each
// against the `enum` of its field in the CRD.

export const PullPolicy = { Always: 'Always', IfNotPresent: 'IfNotPresent', Never: 'Never' } as const;
export type PullPolicy = (typeof PullPolicy)[keyof typeof PullPolicy];

/** What happens to the Kafka topics when their ChatGateway is deleted. */
export const DeletionPolicy = {
  /** Keep every topic (the default). */
  Retain: 'Retain',
  /** Delete the topics the operator created; adopted topics are always kept. */
  Delete: 'Delete',
} as const;
export type DeletionPolicy = (typeof DeletionPolicy)[keyof typeof DeletionPolicy];

/** Kafka's own names (sasl.mechanism). */
export const SaslMechanism = {
  Plain: 'PLAIN',
  ScramSha256: 'SCRAM-SHA-256',
  ScramSha512: 'SCRAM-SHA-512',
} as const;
export type SaslMechanism = (typeof SaslMechanism)[keyof typeof SaslMechanism];

/** Asymmetric JWS algorithms only (RFC 7518 names): HMAC secrets are not accepted. */
export const JwsAlgorithm = {
  RS256: 'RS256',
  RS384: 'RS384',
  RS512: 'RS512',
  PS256: 'PS256',
  PS384: 'PS384',
  PS512: 'PS512',
  ES256: 'ES256',
  ES384: 'ES384',
  ES512: 'ES512',
  EdDSA: 'EdDSA',
} as const;
export type JwsAlgorithm = (typeof JwsAlgorithm)[keyof typeof JwsAlgorithm];

/** The gateway's and the sidecar's log levels (CMF_LOG_LEVEL). */
export const LogLevel = { Error: 'error', Warn: 'warn', Info: 'info', Debug: 'debug' } as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

export const ServiceType = {
  ClusterIP: 'ClusterIP',
  NodePort: 'NodePort',
  LoadBalancer: 'LoadBalancer',
} as const;
export type ServiceType = (typeof ServiceType)[keyof typeof ServiceType];

export const TolerationOperator = { Exists: 'Exists', Equal: 'Equal' } as const;
export type TolerationOperator = (typeof TolerationOperator)[keyof typeof TolerationOperator];

export const TaintEffect = {
  NoSchedule: 'NoSchedule',
  PreferNoSchedule: 'PreferNoSchedule',
  NoExecute: 'NoExecute',
} as const;
export type TaintEffect = (typeof TaintEffect)[keyof typeof TaintEffect];
