import type { LogLevelName } from '../log/index.js';
import { AuthMode, type GatewayConfig, type GatewayOptionKey, type ValueAtPath } from './gateway-config.js';
import {
  OptionType,
  type BooleanOption,
  type BytesOption,
  type DurationOption,
  type EnumOption,
  type IntOption,
  type ListOption,
  type OptionSection,
  type OptionSpec,
  type StringOption,
} from './option-spec.js';
import { ValueFormats } from './value-formats.js';

/** Help sections, in display order. */
export const gatewaySections = [
  { id: 'listen', title: 'Listening (WebSocket and admin servers)' },
  { id: 'kafka', title: 'Kafka' },
  { id: 'pod', title: 'Pod identity' },
  { id: 'auth', title: 'Authentication' },
  { id: 'limits', title: 'Limits (per connection unless stated)' },
  { id: 'heartbeat', title: 'Heartbeat' },
  { id: 'history', title: 'Recovery history and duplicate suppression' },
  { id: 'drain', title: 'Drain (on SIGTERM)' },
  { id: 'receipts', title: 'Receipts' },
  { id: 'log', title: 'Logging' },
] as const satisfies readonly OptionSection[];
type GatewaySection = (typeof gatewaySections)[number]['id'];

/**
 * The option kinds a field's type allows: a number field gets an int, duration or size option, a
 * literal-union field an enum of exactly those values, and so on. This is what keeps the table
 * and GatewayConfig from drifting apart at compile time.
 */
type DefinitionFor<V> = ([V] extends [number]
  ? IntOption | DurationOption | BytesOption
  : [V] extends [boolean]
    ? BooleanOption
    : [V] extends [readonly string[]]
      ? ListOption
      : [V] extends [string | undefined]
        ? string extends V
          ? StringOption
          : EnumOption<Exclude<V, undefined>>
        : never) & { readonly section: GatewaySection };

const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const satisfies readonly LogLevelName[];

// Keyed by every leaf of GatewayConfig (but the derived `topics`): a field without an option, or
// an option without a field, does not compile. Env names drop the section where it adds nothing
// (CMF_MAX_FRAME_BYTES), and durations drop `_MS` because they take units (CMF_DRAIN_TIMEOUT=25s).
// Flags are the env name without `CMF_`, in kebab case.
const definitions: {
  readonly [K in GatewayOptionKey]: DefinitionFor<ValueAtPath<GatewayConfig, K>>;
} = {
  'listen.host': {
    section: 'listen',
    type: OptionType.String,
    env: 'CMF_LISTEN_HOST',
    flag: '--listen-host',
    default: '0.0.0.0',
    format: ValueFormats.host,
    doc: 'Address the WebSocket server binds (0.0.0.0: every IPv4 interface, "::": every interface).',
  },
  'listen.port': {
    section: 'listen',
    type: OptionType.Int,
    env: 'CMF_LISTEN_PORT',
    flag: '--listen-port',
    default: 8080,
    min: 0,
    max: 65535,
    doc: 'Port of the WebSocket server (0 picks a free port, for tests).',
  },
  'admin.host': {
    section: 'listen',
    type: OptionType.String,
    env: 'CMF_ADMIN_HOST',
    flag: '--admin-host',
    default: '0.0.0.0',
    format: ValueFormats.host,
    doc: 'Address of /healthz, /readyz and /metrics. Not loopback: kubelet probes and Prometheus use the pod IP.',
  },
  'admin.port': {
    section: 'listen',
    type: OptionType.Int,
    env: 'CMF_ADMIN_PORT',
    flag: '--admin-port',
    default: 9090,
    min: 0,
    max: 65535,
    doc: 'Port of the admin server; keep it out of the client-facing Service.',
  },
  'websocket.path': {
    section: 'listen',
    type: OptionType.String,
    env: 'CMF_WEBSOCKET_PATH',
    flag: '--websocket-path',
    default: '/connection/websocket',
    format: ValueFormats.urlPath,
    doc: 'HTTP path that accepts WebSocket upgrades; any other path answers 404.',
  },

  'kafka.brokers': {
    section: 'kafka',
    type: OptionType.List,
    env: 'CMF_KAFKA_BROKERS',
    flag: '--kafka-brokers',
    required: true,
    item: ValueFormats.brokers,
    doc: 'Bootstrap brokers, comma-separated host:port.',
  },
  'kafka.clientId': {
    section: 'kafka',
    type: OptionType.String,
    env: 'CMF_KAFKA_CLIENT_ID',
    flag: '--kafka-client-id',
    default: 'cmf-gateway',
    format: ValueFormats.kafkaName,
    doc: 'Kafka client id, as brokers show it in logs and quotas.',
  },
  'kafka.topicPrefix': {
    section: 'kafka',
    type: OptionType.String,
    env: 'CMF_KAFKA_TOPIC_PREFIX',
    flag: '--kafka-topic-prefix',
    default: 'cmf',
    format: ValueFormats.topicPrefix,
    doc: 'Topics are <prefix>.messages, <prefix>.events, <prefix>.signals, <prefix>.receipts, <prefix>.dlq.',
  },
  'kafka.groupPrefix': {
    section: 'kafka',
    type: OptionType.String,
    env: 'CMF_KAFKA_GROUP_PREFIX',
    flag: '--kafka-group-prefix',
    default: 'cmf-gateway',
    format: ValueFormats.kafkaName,
    doc: "Start of this replica's own consumer group id (each replica reads every partition, never commits).",
  },
  'kafka.connectTimeoutMs': {
    section: 'kafka',
    type: OptionType.DurationMs,
    env: 'CMF_KAFKA_CONNECT_TIMEOUT',
    flag: '--kafka-connect-timeout',
    default: 10_000,
    min: 100,
    max: 300_000,
    doc: 'Time allowed to connect to a broker.',
  },
  'kafka.retry.initialMs': {
    section: 'kafka',
    type: OptionType.DurationMs,
    env: 'CMF_KAFKA_RETRY_INITIAL',
    flag: '--kafka-retry-initial',
    default: 300,
    min: 10,
    max: 60_000,
    doc: 'First delay before retrying a failed Kafka call; it grows up to the maximum below.',
  },
  'kafka.retry.maxMs': {
    section: 'kafka',
    type: OptionType.DurationMs,
    env: 'CMF_KAFKA_RETRY_MAX',
    flag: '--kafka-retry-max',
    default: 30_000,
    min: 100,
    max: 600_000,
    doc: 'Longest delay between Kafka retries; at least the initial delay.',
  },
  'kafka.maxConsumerRestarts': {
    section: 'kafka',
    type: OptionType.Int,
    env: 'CMF_KAFKA_MAX_CONSUMER_RESTARTS',
    flag: '--kafka-max-consumer-restarts',
    default: 5,
    min: 0,
    max: 1000,
    doc: 'Consumer crashes survived in-process; one more and the process exits so Kubernetes restarts it.',
  },

  'pod.name': {
    section: 'pod',
    type: OptionType.String,
    env: 'CMF_POD_NAME',
    flag: '--pod-name',
    required: true,
    default: { describe: 'the host name', derive: (host) => host.hostname },
    format: ValueFormats.podName,
    doc: "This pod's name (Downward API metadata.name); names its consumer group, logs and metrics.",
  },
  'pod.namespace': {
    section: 'pod',
    type: OptionType.String,
    env: 'CMF_POD_NAMESPACE',
    flag: '--pod-namespace',
    default: 'default',
    format: ValueFormats.namespace,
    doc: "This pod's namespace (Downward API metadata.namespace).",
  },

  'auth.mode': {
    section: 'auth',
    type: OptionType.Enum,
    env: 'CMF_AUTH_MODE',
    flag: '--auth-mode',
    values: [AuthMode.Sidecar, AuthMode.DevHs256],
    default: AuthMode.Sidecar,
    doc: 'sidecar: the auth sidecar verifies tokens (production); dev-hs256: a shared secret (development only).',
  },
  'auth.devJwtSecret': {
    section: 'auth',
    type: OptionType.String,
    env: 'CMF_DEV_JWT_SECRET',
    flag: '--dev-jwt-secret',
    secret: true,
    format: ValueFormats.hs256Secret,
    doc: 'HS256 secret, required in dev-hs256 mode only. Prefer the env var: flags show in the process list.',
  },
  'auth.sidecarUrl': {
    section: 'auth',
    type: OptionType.String,
    env: 'CMF_AUTH_SIDECAR_URL',
    flag: '--auth-sidecar-url',
    default: 'http://127.0.0.1:8081',
    format: ValueFormats.httpUrl,
    doc: 'Base URL of the auth sidecar (same pod, so loopback).',
  },
  'auth.sidecarTimeoutMs': {
    section: 'auth',
    type: OptionType.DurationMs,
    env: 'CMF_AUTH_SIDECAR_TIMEOUT',
    flag: '--auth-sidecar-timeout',
    default: 1000,
    min: 10,
    max: 60_000,
    doc: 'Time allowed for one sidecar call; past it the handshake is refused as retryable (503).',
  },
  'auth.roomsClaim': {
    section: 'auth',
    type: OptionType.String,
    env: 'CMF_AUTH_ROOMS_CLAIM',
    flag: '--auth-rooms-claim',
    default: 'rooms',
    format: ValueFormats.claimName,
    doc: 'Token claim listing the rooms the token itself grants.',
  },
  'auth.allowedOrigins': {
    section: 'auth',
    type: OptionType.List,
    env: 'CMF_AUTH_ALLOWED_ORIGINS',
    flag: '--auth-allowed-origins',
    default: [],
    item: ValueFormats.origins,
    doc: "Allowed browser origins. Empty: no Origin check (dev-hs256) or the sidecar's policy alone (sidecar).",
  },
  'auth.issuer': {
    section: 'auth',
    type: OptionType.String,
    env: 'CMF_AUTH_ISSUER',
    flag: '--auth-issuer',
    format: ValueFormats.text,
    doc: 'dev-hs256 mode: the required `iss` claim (unset: not checked).',
  },
  'auth.audience': {
    section: 'auth',
    type: OptionType.String,
    env: 'CMF_AUTH_AUDIENCE',
    flag: '--auth-audience',
    format: ValueFormats.text,
    doc: 'dev-hs256 mode: the required `aud` claim (unset: not checked).',
  },

  'limits.maxFrameBytes': {
    section: 'limits',
    type: OptionType.Bytes,
    env: 'CMF_MAX_FRAME_BYTES',
    flag: '--max-frame-bytes',
    default: 64 * 1024,
    min: 1024,
    max: 16 * 1024 * 1024,
    doc: 'Largest frame a client may send; a larger one closes the connection (1009 or 4503).',
  },
  'limits.maxSubscriptions': {
    section: 'limits',
    type: OptionType.Int,
    env: 'CMF_MAX_SUBSCRIPTIONS',
    flag: '--max-subscriptions',
    default: 128,
    min: 1,
    max: 10_000,
    doc: 'Rooms one connection may be subscribed to at once.',
  },
  'limits.maxRoomsPerFrame': {
    section: 'limits',
    type: OptionType.Int,
    env: 'CMF_MAX_ROOMS_PER_FRAME',
    flag: '--max-rooms-per-frame',
    default: 64,
    min: 1,
    max: 10_000,
    doc: 'Rooms one subscribe or unsubscribe frame may name.',
  },
  'limits.commandsPerSecond': {
    section: 'limits',
    type: OptionType.Int,
    env: 'CMF_COMMANDS_PER_SECOND',
    flag: '--commands-per-second',
    default: 20,
    min: 1,
    max: 10_000,
    doc: 'Sustained client frames per second (token-bucket refill rate).',
  },
  'limits.commandBurst': {
    section: 'limits',
    type: OptionType.Int,
    env: 'CMF_COMMAND_BURST',
    flag: '--command-burst',
    default: 40,
    min: 1,
    max: 100_000,
    doc: 'Client frames accepted at once before the rate applies (token-bucket capacity).',
  },
  'limits.floodCloseAfter': {
    section: 'limits',
    type: OptionType.Int,
    env: 'CMF_FLOOD_CLOSE_AFTER',
    flag: '--flood-close-after',
    default: 50,
    min: 1,
    max: 100_000,
    doc: 'Rate-limited frames in a row after which the connection is closed (4002).',
  },
  'limits.maxConnections': {
    section: 'limits',
    type: OptionType.Int,
    env: 'CMF_MAX_CONNECTIONS',
    flag: '--max-connections',
    default: 20_000,
    min: 1,
    max: 1_000_000,
    doc: 'Connections this process accepts in total; further upgrades are refused with 503.',
  },
  'limits.outboundHighWaterBytes': {
    section: 'limits',
    type: OptionType.Bytes,
    env: 'CMF_OUTBOUND_HIGH_WATER_BYTES',
    flag: '--outbound-high-water-bytes',
    default: 1024 * 1024,
    min: 16 * 1024,
    max: 256 * 1024 * 1024,
    doc: 'Bytes queued for one socket above which it is closed as a slow consumer (4001).',
  },
  'limits.typingPerSecond': {
    section: 'limits',
    type: OptionType.Int,
    env: 'CMF_TYPING_PER_SECOND',
    flag: '--typing-per-second',
    default: 2,
    min: 1,
    max: 100,
    doc: 'Typing indicators one connection may send per second.',
  },

  'heartbeat.intervalMs': {
    section: 'heartbeat',
    type: OptionType.DurationMs,
    env: 'CMF_HEARTBEAT_INTERVAL',
    flag: '--heartbeat-interval',
    default: 25_000,
    min: 100,
    max: 600_000,
    doc: 'Time between server pings on each connection (below proxy idle timeouts, often 30-60s).',
  },
  'heartbeat.timeoutMs': {
    section: 'heartbeat',
    type: OptionType.DurationMs,
    env: 'CMF_HEARTBEAT_TIMEOUT',
    flag: '--heartbeat-timeout',
    default: 10_000,
    min: 100,
    max: 600_000,
    doc: 'Time a pong may take; past it the connection is closed as dead (4003).',
  },

  'history.maxMessagesPerRoom': {
    section: 'history',
    type: OptionType.Int,
    env: 'CMF_HISTORY_MAX_MESSAGES_PER_ROOM',
    flag: '--history-max-messages-per-room',
    default: 100,
    min: 1,
    max: 100_000,
    doc: 'Messages kept per room so a reconnecting client can recover what it missed.',
  },
  'history.maxAgeMs': {
    section: 'history',
    type: OptionType.DurationMs,
    env: 'CMF_HISTORY_MAX_AGE',
    flag: '--history-max-age',
    default: 300_000,
    min: 1000,
    max: 86_400_000,
    doc: 'Oldest message kept for recovery; also how far back partitions are read at start.',
  },
  'history.maxBytes': {
    section: 'history',
    type: OptionType.Bytes,
    env: 'CMF_HISTORY_MAX_BYTES',
    flag: '--history-max-bytes',
    default: 64 * 1024 * 1024,
    min: 1024 * 1024,
    max: 16 * 1024 * 1024 * 1024,
    doc: 'Memory for recovery history across all rooms of this process.',
  },
  'dedupe.windowSize': {
    section: 'history',
    type: OptionType.Int,
    env: 'CMF_DEDUPE_WINDOW_SIZE',
    flag: '--dedupe-window-size',
    default: 10_000,
    min: 1,
    max: 10_000_000,
    doc: 'Recent message ids remembered to drop duplicates (Kafka delivers at least once).',
  },

  'drain.timeoutMs': {
    section: 'drain',
    type: OptionType.DurationMs,
    env: 'CMF_DRAIN_TIMEOUT',
    flag: '--drain-timeout',
    default: 25_000,
    min: 100,
    max: 600_000,
    doc: "The process exits within this after SIGTERM; keep it below the pod's terminationGracePeriodSeconds.",
  },
  'drain.closeGraceMs': {
    section: 'drain',
    type: OptionType.DurationMs,
    env: 'CMF_DRAIN_CLOSE_GRACE',
    flag: '--drain-close-grace',
    default: 5000,
    min: 0,
    max: 600_000,
    doc: 'Time clients get to close after the going-away frame (4000) before sockets are destroyed.',
  },

  'receipts.batchMaxSize': {
    section: 'receipts',
    type: OptionType.Int,
    env: 'CMF_RECEIPTS_BATCH_MAX_SIZE',
    flag: '--receipts-batch-max-size',
    default: 500,
    min: 1,
    max: 10_000,
    doc: 'Receipts written to Kafka in one batch at most.',
  },
  'receipts.batchMaxDelayMs': {
    section: 'receipts',
    type: OptionType.DurationMs,
    env: 'CMF_RECEIPTS_BATCH_MAX_DELAY',
    flag: '--receipts-batch-max-delay',
    default: 200,
    min: 0,
    max: 10_000,
    doc: 'Longest a receipt waits for its batch to fill before the batch is written.',
  },

  'log.level': {
    section: 'log',
    type: OptionType.Enum,
    env: 'CMF_LOG_LEVEL',
    flag: '--log-level',
    values: LOG_LEVELS,
    default: 'info',
    doc: 'Least severe level written (JSON lines on stderr).',
  },
};

/**
 * Every option of `cmf-gateway`, once: key, env var, flag, type, default, bounds and doc. Parsing,
 * validation, defaults and `--help` all come from this table.
 */
export const gatewayOptions: readonly OptionSpec<GatewayOptionKey>[] = (
  Object.keys(definitions) as GatewayOptionKey[]
).map((key) => ({ ...definitions[key], key }));
