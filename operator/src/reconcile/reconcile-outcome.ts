import { ConditionReason } from '../api/v1alpha1/index.js';
import { ReconcileResult } from '../controller/controller.js';
import type { Problem } from '../status/index.js';
import { KafkaAdminError, type TopicProblem } from '../topics/topic-reconciler.js';
import { TopicSpecError } from '../topics/topic-spec-error.js';
import { ReconcileProblem } from './reconcile-problem.js';

/** A known failure as a condition reason and message; undefined for anything else (the caller decides). */
export function problemOf(err: unknown): Problem | undefined {
  if (err instanceof ReconcileProblem) return { reason: err.reason, message: err.message };
  if (err instanceof KafkaAdminError) return { reason: err.code, message: err.message };
  if (err instanceof TopicSpecError) return { reason: ConditionReason.InvalidSpec, message: err.message };
  return undefined;
}

/** The TopicsReady problem of one ensure: the first problem's code, every message (each names its topic). */
export function topicsProblemOf(problems: readonly TopicProblem[]): Problem | undefined {
  const first = problems[0];
  if (first === undefined) return undefined;
  return { reason: first.code, message: problems.map((p) => p.message).join('; ') };
}

/**
 * Whether to retry. An invalid spec stays invalid until someone edits the ChatGateway, and that
 * edit queues it again through the watch, so backing off for it would only repeat the failure.
 * Any other problem (Kafka down, a Secret missing) may pass by itself: retry with backoff.
 */
export function reconcileOutcome(problems: readonly (Problem | undefined)[]): ReconcileResult {
  const retriable = problems.find((p) => p !== undefined && p.reason !== ConditionReason.InvalidSpec);
  return retriable === undefined
    ? ReconcileResult.done
    : ReconcileResult.backoff(`${retriable.reason}: ${retriable.message}`);
}
