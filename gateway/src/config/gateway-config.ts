import type { LogLevelName } from '../log/index.js';
import type { KafkaTopics } from './kafka-topics.js';

export const AuthMode = {
  /** The auth sidecar in the same pod verifies tokens (production). */
  Sidecar: 'sidecar',
  /** The gateway verifies HS256 tokens with a shared secret itself (development only). */
  DevHs256: 'dev-hs256',
} as const;
export type AuthMode = (typeof AuthMode)[keyof typeof AuthMode];

/** SASL mechanisms, spelled as Kafka and the ChatGateway CRD spell them. */
export const KafkaSaslMechanism = {
  None: 'none',
  Plain: 'PLAIN',
  ScramSha256: 'SCRAM-SHA-256',
  ScramSha512: 'SCRAM-SHA-512',
} as const;
export type KafkaSaslMechanism = (typeof KafkaSaslMechanism)[keyof typeof KafkaSaslMechanism];

interface AuthCommon {
  readonly sidecarUrl: string;
  readonly sidecarTimeoutMs: number;
  /** File holding the bearer token the sidecar requires (mounted from a Secret); unset: none sent. */
  readonly sidecarTokenFile: string | undefined;
  readonly roomsClaim: string;
  /** Empty: no Origin check in dev-hs256 mode; in sidecar mode the sidecar's origin policy decides. */
  readonly allowedOrigins: readonly string[];
}

/** Mode-dependent fields are typed by mode, so `mode === 'dev-hs256'` narrows the secret to a string. */
export interface DevHs256AuthConfig extends AuthCommon {
  readonly mode: typeof AuthMode.DevHs256;
  readonly devJwtSecret: string;
  /** Checked against `iss` when set. */
  readonly issuer: string | undefined;
  /** Checked against `aud` when set. */
  readonly audience: string | undefined;
}

/** Dev-only options are refused in sidecar mode, so they are always undefined here. */
export interface SidecarAuthConfig extends AuthCommon {
  readonly mode: typeof AuthMode.Sidecar;
  readonly devJwtSecret: undefined;
  readonly issuer: undefined;
  readonly audience: undefined;
}

export type AuthConfig = DevHs256AuthConfig | SidecarAuthConfig;

/**
 * The fully resolved configuration of one `cmf-gateway` process: every field present, validated
 * and deeply readonly (frozen at runtime too). Durations are milliseconds (`…Ms`), sizes bytes
 * (`…Bytes`). What each field means, its default and bounds: `gatewayOptions` or `--help`.
 */
export interface GatewayConfig {
  readonly listen: { readonly host: string; readonly port: number };
  readonly admin: { readonly host: string; readonly port: number };
  /**
   * Proxies (an Ingress controller) whose X-Forwarded-For names the client; empty: the socket's
   * peer is the client.
   */
  readonly proxies: { readonly trusted: readonly string[] };
  readonly websocket: { readonly path: string };
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly clientId: string;
    readonly topicPrefix: string;
    readonly groupPrefix: string;
    readonly connectTimeoutMs: number;
    readonly retry: { readonly initialMs: number; readonly maxMs: number };
    readonly maxConsumerRestarts: number;
    /** Credentials are files (mounted Secrets) so a rotated Secret is read on the next connect. */
    readonly sasl: {
      readonly mechanism: KafkaSaslMechanism;
      readonly usernameFile: string | undefined;
      readonly passwordFile: string | undefined;
    };
    readonly tls: { readonly enabled: boolean; readonly caFile: string | undefined };
  };
  /** Derived from `kafka.topicPrefix`; not an option of its own. */
  readonly topics: KafkaTopics;
  readonly pod: { readonly name: string; readonly namespace: string };
  readonly auth: AuthConfig;
  /** Room membership checks against the messenger; `url` unset means the token's rooms claim alone decides. */
  readonly membership: {
    readonly url: string | undefined;
    readonly timeoutMs: number;
    /** File holding the bearer token for the membership API; unset: no Authorization header. */
    readonly tokenFile: string | undefined;
    readonly cacheTtlMs: number;
    readonly denyTtlMs: number;
    readonly staleTtlMs: number;
    readonly cacheMaxEntries: number;
    /** How long a ban or removal from the events topic overrides the tokens issued before it. */
    readonly revocationTtlMs: number;
    readonly breaker: {
      readonly errorPercent: number;
      readonly volumeThreshold: number;
      readonly resetTimeoutMs: number;
    };
  };
  readonly limits: {
    readonly maxFrameBytes: number;
    readonly maxSubscriptions: number;
    readonly maxRoomsPerFrame: number;
    readonly commandsPerSecond: number;
    readonly commandBurst: number;
    readonly floodCloseAfter: number;
    readonly maxConnections: number;
    readonly outboundHighWaterBytes: number;
    readonly typingPerSecond: number;
  };
  readonly heartbeat: { readonly intervalMs: number; readonly timeoutMs: number };
  readonly history: {
    readonly maxMessagesPerRoom: number;
    readonly maxAgeMs: number;
    readonly maxBytes: number;
  };
  readonly dedupe: { readonly windowSize: number };
  readonly drain: { readonly timeoutMs: number; readonly closeGraceMs: number };
  readonly receipts: { readonly batchMaxSize: number; readonly batchMaxDelayMs: number };
  readonly log: { readonly level: LogLevelName };
}

type Leaf = string | number | boolean | readonly string[] | undefined;

/** `'listen.host' | 'listen.port' | … | 'kafka.retry.initialMs' | …`: the dotted path of every leaf. */
type LeafPath<T> = {
  [K in keyof T & string]: T[K] extends Leaf ? K : `${K}.${LeafPath<T[K]>}`;
}[keyof T & string];

/** The type at a dotted path. */
export type ValueAtPath<T, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? ValueAtPath<T[Head], Rest>
    : never
  : P extends keyof T
    ? T[P]
    : never;

/** Key of every option: every leaf of GatewayConfig except the derived `topics`. */
export type GatewayOptionKey = LeafPath<Omit<GatewayConfig, 'topics'>>;
