import type {
  DeletionPolicy,
  JwsAlgorithm,
  LogLevel,
  PullPolicy,
  SaslMechanism,
  ServiceType,
  TaintEffect,
  TolerationOperator,
} from './spec-values.js';

// These types describe a ChatGateway as the API server serves it: the CRD defaults every field it
// can (and every parent object to `{}`), so a field with a schema default is required here and
// only fields without one are optional. What each field means, its bounds and its CMF_* variable:
// the descriptions in crds/chatgateways.cmf.io.yaml (`kubectl explain chatgateway.spec`).
// schema.test.ts fails when these types and the CRD disagree in either direction.

/** A Go duration string such as "250ms", "25s" or "168h" (no days: 7 days is "168h"). */
export type Duration = string;

/** A resource.Quantity: "500m", "1Gi", or a plain number. */
export type Quantity = string | number;

/** A count or a percentage ("25%"), as in PodDisruptionBudget. */
export type IntOrPercent = number | string;

export interface LocalObjectReference {
  readonly name: string;
}

/** A key of a Secret in the ChatGateway's namespace. */
export interface SecretKeyReference {
  readonly name: string;
  readonly key: string;
}

export interface ImageSpec {
  /** Unset: the operator's default image. */
  readonly reference?: string;
  readonly pullPolicy: PullPolicy;
  readonly pullSecrets?: readonly LocalObjectReference[];
}

export interface AutoscalingSpec {
  readonly enabled: boolean;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetCPUUtilizationPercentage: number;
  /** Unset: CPU only (the connections metric needs a custom metrics adapter). */
  readonly targetConnectionsPerPod?: number;
  readonly scaleDownStabilizationSeconds: number;
}

/** retention.ms of each topic. */
export interface TopicRetentionSpec {
  readonly messages: Duration;
  readonly events: Duration;
  readonly signals: Duration;
  readonly receipts: Duration;
  readonly dlq: Duration;
}

export interface KafkaCredentialsSecretRef {
  readonly name: string;
  readonly usernameKey: string;
  readonly passwordKey: string;
}

export interface KafkaCaSecretRef {
  readonly name: string;
  readonly key: string;
}

export interface KafkaTlsSpec {
  readonly enabled: boolean;
  /** Unset: the image's system roots. */
  readonly caSecretRef?: KafkaCaSecretRef;
}

export interface KafkaRetrySpec {
  readonly initial: Duration;
  readonly max: Duration;
}

export interface KafkaSpec {
  /** Unset: the operator's default Kafka cluster. */
  readonly bootstrapServers?: readonly string[];
  /** Immutable. */
  readonly topicPrefix: string;
  readonly clientId: string;
  readonly groupPrefix: string;
  /** Only grows. */
  readonly partitions: number;
  /** Unset: the brokers' default.replication.factor. Immutable. */
  readonly replicationFactor?: number;
  readonly retention: TopicRetentionSpec;
  /** Extra configs for every topic; never retention.ms or cleanup.policy. */
  readonly topicConfig?: Readonly<Record<string, string>>;
  /** Unset: no SASL. */
  readonly credentialsSecretRef?: KafkaCredentialsSecretRef;
  /** Used only with credentialsSecretRef. */
  readonly saslMechanism: SaslMechanism;
  readonly tls: KafkaTlsSpec;
  readonly connectTimeout: Duration;
  readonly retry: KafkaRetrySpec;
  readonly maxConsumerRestarts: number;
  readonly deletionPolicy: DeletionPolicy;
}

/** A trusted token issuer: exactly one of jwksUrl and publicKeySecretRef is set. */
export interface IssuerSpec {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl?: string;
  readonly publicKeySecretRef?: SecretKeyReference;
  readonly algorithms: readonly JwsAlgorithm[];
  /** Unset: the typ header is not checked. */
  readonly tokenType?: string;
}

export interface HandshakeRateLimitSpec {
  readonly perSecond: number;
  readonly burst: number;
}

export interface AuthSpec {
  /** Unset or empty: every handshake is refused (the guardrail policy requires one). */
  readonly issuers?: readonly IssuerSpec[];
  /** Unset: any origin. */
  readonly allowedOrigins?: readonly string[];
  readonly queryToken: boolean;
  readonly roomsClaim: string;
  readonly clockToleranceSeconds: number;
  /** Unset: only exp bounds a token's life. */
  readonly maxTokenAge?: Duration;
  readonly sidecarTimeout: Duration;
  /** Unset: the sidecar's built-in limit. */
  readonly handshakeRateLimit?: HandshakeRateLimitSpec;
}

export interface CircuitBreakerSpec {
  readonly errorThresholdPercentage: number;
  readonly volumeThreshold: number;
  readonly resetTimeout: Duration;
}

export interface MembershipSpec {
  readonly url: string;
  readonly credentialsSecretRef?: SecretKeyReference;
  readonly timeout: Duration;
  readonly cacheTtl: Duration;
  readonly staleTtl: Duration;
  readonly cacheMaxEntries: number;
  readonly circuitBreaker: CircuitBreakerSpec;
}

export interface LimitsSpec {
  readonly maxFrameBytes: number;
  readonly maxSubscriptions: number;
  readonly maxRoomsPerFrame: number;
  readonly commandsPerSecond: number;
  readonly commandBurst: number;
  readonly floodCloseAfter: number;
  readonly maxConnections: number;
  readonly outboundHighWaterBytes: number;
  readonly typingPerSecond: number;
}

export interface HistorySpec {
  readonly maxMessagesPerRoom: number;
  readonly maxAge: Duration;
  readonly maxBytes: number;
  readonly dedupeWindowSize: number;
}

export interface WebSocketSpec {
  readonly path: string;
}

export interface HeartbeatSpec {
  readonly interval: Duration;
  readonly timeout: Duration;
}

export interface DrainSpec {
  readonly timeout: Duration;
  readonly closeGrace: Duration;
}

export interface ReceiptsSpec {
  readonly batchMaxSize: number;
  readonly batchMaxDelay: Duration;
}

export interface IngressTlsSpec {
  readonly secretName: string;
}

export interface IngressSpec {
  readonly enabled: boolean;
  /** Required when enabled. */
  readonly host?: string;
  /** Unset: the cluster's default IngressClass. */
  readonly className?: string;
  readonly tls?: IngressTlsSpec;
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Addresses and CIDRs (checked by the CRD) whose X-Forwarded-For the gateway believes; applies
   * whether or not the Ingress is enabled. Unset: none.
   */
  readonly trustedProxies?: readonly string[];
}

export interface ServiceSpec {
  readonly type: ServiceType;
  readonly port: number;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** corev1 ResourceRequirements (without claims). */
export interface ResourceRequirements {
  readonly limits?: Readonly<Record<string, Quantity>>;
  readonly requests?: Readonly<Record<string, Quantity>>;
}

export interface ResourcesSpec {
  readonly gateway: ResourceRequirements;
  readonly sidecar: ResourceRequirements;
}

/** corev1 Toleration. */
export interface Toleration {
  readonly key?: string;
  readonly operator?: TolerationOperator;
  readonly value?: string;
  readonly effect?: TaintEffect;
  readonly tolerationSeconds?: number;
}

export interface SchedulingSpec {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly Toleration[];
  /** A corev1 Affinity, passed through unchanged (the API server keeps unknown fields here). */
  readonly affinity?: Readonly<Record<string, unknown>>;
  readonly topologySpread: boolean;
  readonly priorityClassName?: string;
}

/** At most one of minAvailable and maxUnavailable; neither means maxUnavailable 1. */
export interface PodDisruptionBudgetSpec {
  readonly enabled: boolean;
  readonly minAvailable?: IntOrPercent;
  readonly maxUnavailable?: IntOrPercent;
}

export interface PodMetadataSpec {
  /** Never the operator's selector labels (see GatewayPodLabel). */
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface ChatGatewaySpec {
  readonly image: ImageSpec;
  /** Ignored while autoscaling.enabled. */
  readonly replicas: number;
  readonly autoscaling: AutoscalingSpec;
  readonly kafka: KafkaSpec;
  readonly auth: AuthSpec;
  /** Unset: only the token's rooms claim authorizes rooms. */
  readonly membership?: MembershipSpec;
  readonly limits: LimitsSpec;
  readonly history: HistorySpec;
  readonly websocket: WebSocketSpec;
  readonly heartbeat: HeartbeatSpec;
  readonly drain: DrainSpec;
  readonly receipts: ReceiptsSpec;
  readonly logLevel: LogLevel;
  readonly ingress: IngressSpec;
  readonly service: ServiceSpec;
  readonly resources: ResourcesSpec;
  readonly scheduling: SchedulingSpec;
  readonly podDisruptionBudget: PodDisruptionBudgetSpec;
  readonly podMetadata?: PodMetadataSpec;
}
