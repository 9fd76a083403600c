import type { Condition, ConditionStatus } from '../api/v1alpha1/index.js';

export interface ConditionInput {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly reason: string;
  readonly message: string;
}

/**
 * The condition as it should be stored: lastTransitionTime moves only when the status changes,
 * so `kubectl get` shows for how long a gateway has been (un)ready, and a reconcile that finds
 * nothing new writes nothing.
 */
export function setCondition(
  previous: readonly Condition[] | undefined,
  next: ConditionInput,
  generation: number,
  now: Date,
): Condition {
  const before = previous?.find((condition) => condition.type === next.type);
  const lastTransitionTime =
    before !== undefined && before.status === next.status
      ? before.lastTransitionTime
      : now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { ...next, observedGeneration: generation, lastTransitionTime };
}
