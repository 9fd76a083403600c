import type { LogLevelName } from '../log/index.js';

/** A Secret in another namespace, written `namespace/name`. */
export interface SecretLocation {
  readonly namespace: string;
  readonly name: string;
}

/**
 * The fully resolved configuration of one `cmf-operator` process: every field present, validated
 * and deeply readonly (frozen at runtime too). Durations are milliseconds (`…Ms`). What each field
 * means, its default and bounds: `operatorOptions` or `cmf-operator --help`.
 */
export interface OperatorConfig {
  readonly watch: {
    /** Empty: every namespace. */
    readonly namespaces: readonly string[];
    readonly resyncPeriodMs: number;
    readonly maxConcurrentReconciles: number;
  };
  readonly gateway: { readonly image: string };
  /** The default Kafka cluster, for ChatGateways without spec.kafka.bootstrapServers. */
  readonly kafka: {
    readonly bootstrapServers: readonly string[];
    /** Keys `username` and `password`; used only for the default cluster. */
    readonly credentialsSecret: SecretLocation | undefined;
  };
  readonly admin: { readonly host: string; readonly port: number };
  readonly leader: {
    readonly elect: boolean;
    /** Always set when `elect` is true (defaults to the pod's namespace). */
    readonly leaseNamespace: string | undefined;
    readonly leaseName: string;
    readonly leaseDurationMs: number;
    readonly renewDeadlineMs: number;
    readonly retryPeriodMs: number;
  };
  readonly pod: { readonly name: string; readonly namespace: string | undefined };
  readonly log: { readonly level: LogLevelName };
  /** Unset: the in-cluster service account. */
  readonly kubeconfig: string | undefined;
}
