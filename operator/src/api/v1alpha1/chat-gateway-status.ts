import type { ConditionStatus } from './conditions.js';

/**
 * metav1.Condition. `type` and `reason` are plain strings, as in Kubernetes: values from
 * ConditionType and ConditionReason are what this operator writes, but a reader must tolerate others.
 */
export interface Condition {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly observedGeneration?: number;
  /** RFC 3339 time of the last change of status. */
  readonly lastTransitionTime: string;
  readonly reason: string;
  readonly message: string;
}

/** One Kafka topic as the operator last saw it. */
export interface TopicStatus {
  readonly name: string;
  readonly partitions: number;
  /** True when the operator created it (only such topics are deleted under deletionPolicy Delete). */
  readonly created: boolean;
}

/** Written by the operator only, through the status subresource. */
export interface ChatGatewayStatus {
  readonly observedGeneration?: number;
  readonly conditions?: readonly Condition[];
  readonly replicas?: number;
  readonly readyReplicas?: number;
  /** Label selector of the gateway pods, read by the scale subresource. */
  readonly selector?: string;
  readonly endpoint?: string;
  readonly topics?: readonly TopicStatus[];
}
