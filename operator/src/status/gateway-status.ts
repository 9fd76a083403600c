import {
  ConditionReason,
  ConditionStatus,
  ConditionType,
  type ChatGatewayStatus,
  type TopicStatus,
} from '../api/v1alpha1/index.js';
import type { DeploymentState } from './deployment-state.js';
import { setCondition, type ConditionInput } from './set-condition.js';

/** Why the objects could not be applied (InvalidSpec, ApplyFailed), with details for the message. */
export interface Problem {
  readonly reason: string;
  readonly message: string;
}

/** Everything one reconcile learnt, as the input of a pure status computation. */
export interface Observation {
  readonly generation: number;
  readonly previous: ChatGatewayStatus | undefined;
  /** Undefined: every object applied. */
  readonly applyProblem: Problem | undefined;
  /** Undefined: every topic matches the spec. */
  readonly topicsProblem: Problem | undefined;
  /** Topics as Kafka reported them; the previous ones when Kafka could not be asked. */
  readonly topics: readonly TopicStatus[];
  /** Undefined: no Deployment yet (apply failed before it). */
  readonly deployment: DeploymentState | undefined;
  readonly selector: string | undefined;
  readonly endpoint: string | undefined;
  readonly now: Date;
}

const condition = (
  type: string,
  status: ConditionStatus,
  reason: string,
  message: string,
): ConditionInput => ({
  type,
  status,
  reason,
  message,
});

/** Where the rollout stands: undefined when every desired pod is updated and ready. */
function podProblem(deployment: DeploymentState | undefined): Problem | undefined {
  if (deployment === undefined) {
    return { reason: ConditionReason.Reconciling, message: 'the gateway Deployment does not exist yet' };
  }
  if (!deployment.observed || deployment.updatedReplicas < deployment.desired) {
    return {
      reason: ConditionReason.RolloutInProgress,
      message: `${deployment.updatedReplicas} of ${deployment.desired} gateway pods run the current spec`,
    };
  }
  if (deployment.readyReplicas < deployment.desired) {
    return {
      reason: ConditionReason.ReplicasUnavailable,
      message: `${deployment.readyReplicas} of ${deployment.desired} gateway pods are ready`,
    };
  }
  return undefined;
}

/** Kafka and API failures that worked before or need someone to act: Degraded, not merely Progressing. */
const DEGRADING: ReadonlySet<string> = new Set([
  ConditionReason.KafkaUnreachable,
  ConditionReason.KafkaAccessDenied,
  ConditionReason.NotSupported,
  ConditionReason.SecretNotFound,
  ConditionReason.ApplyFailed,
  ConditionReason.InvalidSpec,
  ConditionReason.ReplicasUnavailable,
]);

/**
 * The ChatGateway's status from what one reconcile observed. Pure: the same observation gives
 * the same status, so comparing it with the stored one tells whether to write at all.
 * Ready comes from the Deployment's own counts, so it turns True as soon as pods are ready.
 */
export function gatewayStatus(observation: Observation): ChatGatewayStatus {
  const { generation, previous, applyProblem, topicsProblem, deployment, now } = observation;
  const pods = applyProblem === undefined ? podProblem(deployment) : undefined;
  const blocking = applyProblem ?? topicsProblem ?? pods;

  const topicsReady =
    topicsProblem === undefined
      ? condition(
          ConditionType.TopicsReady,
          ConditionStatus.True,
          ConditionReason.Reconciled,
          'every topic matches the spec',
        )
      : condition(
          ConditionType.TopicsReady,
          ConditionStatus.False,
          topicsProblem.reason,
          topicsProblem.message,
        );

  const moving = applyProblem === undefined ? (pods ?? topicsProblem) : undefined;
  const progressing =
    moving !== undefined && !DEGRADING.has(moving.reason)
      ? condition(ConditionType.Progressing, ConditionStatus.True, moving.reason, moving.message)
      : condition(
          ConditionType.Progressing,
          ConditionStatus.False,
          applyProblem?.reason ?? ConditionReason.Reconciled,
          applyProblem?.message ?? `generation ${generation} is applied`,
        );

  const failing = [applyProblem, topicsProblem, pods].find((p) => p !== undefined && DEGRADING.has(p.reason));
  const degraded =
    failing === undefined
      ? condition(
          ConditionType.Degraded,
          ConditionStatus.False,
          ConditionReason.Reconciled,
          'nothing is failing',
        )
      : condition(ConditionType.Degraded, ConditionStatus.True, failing.reason, failing.message);

  const ready =
    blocking === undefined
      ? condition(
          ConditionType.Ready,
          ConditionStatus.True,
          ConditionReason.Reconciled,
          'the gateway serves clients',
        )
      : condition(ConditionType.Ready, ConditionStatus.False, blocking.reason, blocking.message);

  const conditions = [ready, progressing, degraded, topicsReady].map((c) =>
    setCondition(previous?.conditions, c, generation, now),
  );
  return {
    observedGeneration: generation,
    conditions,
    replicas: deployment?.replicas ?? previous?.replicas ?? 0,
    readyReplicas: deployment?.readyReplicas ?? previous?.readyReplicas ?? 0,
    ...(observation.selector === undefined ? {} : { selector: observation.selector }),
    ...(observation.endpoint === undefined ? {} : { endpoint: observation.endpoint }),
    topics: [...observation.topics].sort((a, b) => a.name.localeCompare(b.name)),
  };
}
