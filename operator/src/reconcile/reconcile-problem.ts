import { ConditionReason } from '../api/v1alpha1/index.js';

/**
 * A reconcile step that cannot succeed until something outside the operator changes (a Secret
 * is created, the spec is fixed). `reason` becomes a condition's reason.
 */
export class ReconcileProblem extends Error {
  readonly code = 'CMF_RECONCILE_PROBLEM';
  readonly retriable = true;

  constructor(
    readonly reason: ConditionReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ReconcileProblem';
  }
}
