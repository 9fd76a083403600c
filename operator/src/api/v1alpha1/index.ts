export type { ChatGateway, ChatGatewayList } from './chat-gateway.js';
export type {
  AuthSpec,
  AutoscalingSpec,
  ChatGatewaySpec,
  CircuitBreakerSpec,
  DrainSpec,
  Duration,
  HandshakeRateLimitSpec,
  HeartbeatSpec,
  HistorySpec,
  ImageSpec,
  IngressSpec,
  IngressTlsSpec,
  IntOrPercent,
  IssuerSpec,
  KafkaCaSecretRef,
  KafkaCredentialsSecretRef,
  KafkaRetrySpec,
  KafkaSpec,
  KafkaTlsSpec,
  LimitsSpec,
  LocalObjectReference,
  MembershipSpec,
  PodDisruptionBudgetSpec,
  PodMetadataSpec,
  Quantity,
  ReceiptsSpec,
  ResourceRequirements,
  ResourcesSpec,
  SchedulingSpec,
  SecretKeyReference,
  ServiceSpec,
  Toleration,
  TopicRetentionSpec,
  WebSocketSpec,
} from './chat-gateway-spec.js';
export type { ChatGatewayStatus, Condition, TopicStatus } from './chat-gateway-status.js';
export { ConditionReason, ConditionStatus, ConditionType } from './conditions.js';
export { ChatGatewayResource } from './group-version.js';
export { Environment, GatewayPodLabel, GatewayPodLabelValue, NamespaceLabel } from './labels.js';
export type { ObjectMeta } from './object-meta.js';
export {
  DeletionPolicy,
  JwsAlgorithm,
  LogLevel,
  PullPolicy,
  SaslMechanism,
  ServiceType,
  TaintEffect,
  TolerationOperator,
} from './spec-values.js';
