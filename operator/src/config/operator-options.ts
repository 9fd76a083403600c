import { OptionType, type OptionSection, type OptionSpec } from '@cmf/gateway/config';
import { ValueFormats } from './value-formats.js';

/** Help sections, in display order. */
export const operatorSections = [
  { id: 'watch', title: 'What to reconcile' },
  { id: 'gateway', title: 'Gateway defaults' },
  { id: 'kafka', title: 'Default Kafka cluster' },
  { id: 'leader', title: 'Leader election (coordination.k8s.io/v1 Lease)' },
  { id: 'admin', title: 'Admin server (/healthz, /readyz, /metrics)' },
  { id: 'pod', title: 'Pod identity and API access' },
  { id: 'log', title: 'Logging' },
] as const satisfies readonly OptionSection[];
type OperatorSection = (typeof operatorSections)[number]['id'];

/** Dotted paths of the resolved config that come straight from one option each. */
export type OperatorOptionKey =
  | 'watch.namespaces'
  | 'watch.resyncPeriodMs'
  | 'watch.maxConcurrentReconciles'
  | 'gateway.image'
  | 'kafka.bootstrapServers'
  | 'kafka.credentialsSecret'
  | 'leader.elect'
  | 'leader.leaseNamespace'
  | 'leader.leaseName'
  | 'leader.leaseDurationMs'
  | 'leader.renewDeadlineMs'
  | 'leader.retryPeriodMs'
  | 'admin.host'
  | 'admin.port'
  | 'pod.name'
  | 'pod.namespace'
  | 'log.level'
  | 'kubeconfig';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

// The Helm chart sets exactly these variables; renaming one is a breaking change for it. Flags are
// the variable without `CMF_OPERATOR_`/`CMF_`, in kebab case.
export const operatorOptions: readonly (OptionSpec<OperatorOptionKey> & { section: OperatorSection })[] = [
  {
    key: 'watch.namespaces',
    section: 'watch',
    type: OptionType.List,
    env: 'CMF_OPERATOR_WATCH_NAMESPACES',
    flag: '--watch-namespaces',
    default: [],
    item: ValueFormats.namespaces,
    doc: 'Namespaces whose ChatGateways are reconciled; empty: every namespace.',
  },
  {
    key: 'watch.resyncPeriodMs',
    section: 'watch',
    type: OptionType.DurationMs,
    env: 'CMF_OPERATOR_RESYNC_PERIOD',
    flag: '--resync-period',
    default: 10 * MINUTE,
    min: SECOND,
    max: 24 * HOUR,
    doc: 'Every ChatGateway is reconciled at least this often, repairing drift no watch reports (Kafka topics).',
  },
  {
    key: 'watch.maxConcurrentReconciles',
    section: 'watch',
    type: OptionType.Int,
    env: 'CMF_OPERATOR_MAX_CONCURRENT_RECONCILES',
    flag: '--max-concurrent-reconciles',
    default: 2,
    min: 1,
    max: 64,
    doc: 'ChatGateways reconciled at once (one ChatGateway is never reconciled twice at once).',
  },
  {
    key: 'gateway.image',
    section: 'gateway',
    type: OptionType.String,
    env: 'CMF_OPERATOR_GATEWAY_IMAGE',
    flag: '--gateway-image',
    default: 'ghcr.io/cmf-platform/cmf-gateway:0.1.0',
    format: ValueFormats.image,
    doc: 'Image of the gateway and its auth sidecar when spec.image.reference is unset.',
  },
  {
    key: 'kafka.bootstrapServers',
    section: 'kafka',
    type: OptionType.List,
    env: 'CMF_OPERATOR_KAFKA_BOOTSTRAP_SERVERS',
    flag: '--kafka-bootstrap-servers',
    default: [],
    item: ValueFormats.brokers,
    doc: 'Brokers of the default cluster, for ChatGateways without spec.kafka.bootstrapServers.',
  },
  {
    key: 'kafka.credentialsSecret',
    section: 'kafka',
    type: OptionType.String,
    env: 'CMF_OPERATOR_KAFKA_CREDENTIALS_SECRET',
    flag: '--kafka-credentials-secret',
    format: ValueFormats.namespacedName,
    doc: 'Secret (namespace/name, keys username and password) the operator authenticates to the default cluster with.',
  },
  {
    key: 'leader.elect',
    section: 'leader',
    type: OptionType.Boolean,
    env: 'CMF_OPERATOR_LEADER_ELECT',
    flag: '--leader-elect',
    default: true,
    doc: 'Only the holder of the Lease reconciles, so replicas can stand by; false: this process always reconciles.',
  },
  {
    key: 'leader.leaseNamespace',
    section: 'leader',
    type: OptionType.String,
    env: 'CMF_OPERATOR_LEASE_NAMESPACE',
    flag: '--lease-namespace',
    format: ValueFormats.namespace,
    doc: 'Namespace of the Lease; unset: CMF_POD_NAMESPACE.',
  },
  {
    key: 'leader.leaseName',
    section: 'leader',
    type: OptionType.String,
    env: 'CMF_OPERATOR_LEASE_NAME',
    flag: '--lease-name',
    default: 'cmf-operator',
    format: ValueFormats.objectName,
    doc: 'Name of the Lease every replica competes for.',
  },
  {
    key: 'leader.leaseDurationMs',
    section: 'leader',
    type: OptionType.DurationMs,
    env: 'CMF_OPERATOR_LEASE_DURATION',
    flag: '--lease-duration',
    default: 15 * SECOND,
    min: SECOND,
    max: 5 * MINUTE,
    doc: 'How long standbys wait after the last renewal before taking over from a silent leader.',
  },
  {
    key: 'leader.renewDeadlineMs',
    section: 'leader',
    type: OptionType.DurationMs,
    env: 'CMF_OPERATOR_RENEW_DEADLINE',
    flag: '--renew-deadline',
    default: 10 * SECOND,
    min: SECOND,
    max: 5 * MINUTE,
    doc: 'A leader that could not renew for this long stops reconciling (must be below the lease duration).',
  },
  {
    key: 'leader.retryPeriodMs',
    section: 'leader',
    type: OptionType.DurationMs,
    env: 'CMF_OPERATOR_RETRY_PERIOD',
    flag: '--retry-period',
    default: 2 * SECOND,
    min: 100,
    max: MINUTE,
    doc: 'How often the leader renews and a standby tries to acquire (must be below the renew deadline).',
  },
  {
    key: 'admin.host',
    section: 'admin',
    type: OptionType.String,
    env: 'CMF_OPERATOR_ADMIN_HOST',
    flag: '--admin-host',
    default: '0.0.0.0',
    format: ValueFormats.host,
    doc: 'Address the admin server binds.',
  },
  {
    key: 'admin.port',
    section: 'admin',
    type: OptionType.Int,
    env: 'CMF_OPERATOR_ADMIN_PORT',
    flag: '--admin-port',
    default: 8080,
    min: 0,
    max: 65535,
    doc: 'Port of the admin server (0 picks a free port, for tests).',
  },
  {
    key: 'pod.name',
    section: 'pod',
    type: OptionType.String,
    env: 'CMF_POD_NAME',
    flag: '--pod-name',
    default: { describe: 'the host name', derive: (host) => host.hostname },
    format: ValueFormats.podName,
    doc: 'This replica’s identity in the Lease and in Events (Downward API metadata.name).',
  },
  {
    key: 'pod.namespace',
    section: 'pod',
    type: OptionType.String,
    env: 'CMF_POD_NAMESPACE',
    flag: '--pod-namespace',
    format: ValueFormats.namespace,
    doc: 'The operator’s own namespace (Downward API metadata.namespace); the Lease lives there by default.',
  },
  {
    key: 'kubeconfig',
    section: 'pod',
    type: OptionType.String,
    env: 'KUBECONFIG',
    flag: '--kubeconfig',
    format: ValueFormats.path,
    doc: 'Kubeconfig file to reach the API server with; unset: the in-cluster service account.',
  },
  {
    key: 'log.level',
    section: 'log',
    type: OptionType.Enum,
    env: 'CMF_OPERATOR_LOG_LEVEL',
    flag: '--log-level',
    values: ['error', 'warn', 'info', 'debug'],
    default: 'info',
    doc: 'Least severe level written (JSON lines on stderr).',
  },
];
