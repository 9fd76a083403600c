import { describe, expect, it } from 'vitest';
import { ConditionReason } from '../api/v1alpha1/index.js';
import { ReconcileResult } from '../controller/controller.js';
import { desiredTopics } from '../topics/desired-topics.js';
import { KafkaAdminError } from '../topics/topic-reconciler.js';
import { TopicSpecError } from '../topics/topic-spec-error.js';
import { servedGateway } from '../render/test-support/chat-gateways.js';
import { ReconcileProblem } from './reconcile-problem.js';
import { problemOf, reconcileOutcome, topicsProblemOf } from './reconcile-outcome.js';

describe('problemOf', () => {
  it('maps the spec error desiredTopics throws to InvalidSpec, with its message', () => {
    // The CRD refuses this today; an object stored under an older schema may still carry it.
    const gateway = servedGateway(undefined, { kafka: { retention: { dlq: '14d' } } });
    let thrown: unknown;
    try {
      desiredTopics(gateway);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(TopicSpecError);
    expect(problemOf(thrown)).toEqual({
      reason: ConditionReason.InvalidSpec,
      message: (thrown as Error).message,
    });
  });

  it('keeps the reasons of reconcile and Kafka problems and leaves unknown errors to the caller', () => {
    expect(problemOf(new ReconcileProblem(ConditionReason.SecretNotFound, 'no secret'))).toEqual({
      reason: ConditionReason.SecretNotFound,
      message: 'no secret',
    });
    expect(problemOf(new KafkaAdminError('KafkaUnreachable', 'down'))?.reason).toBe('KafkaUnreachable');
    expect(problemOf(new Error('boom'))).toBeUndefined();
  });
});

describe('topicsProblemOf', () => {
  it('names each topic once, through its own message', () => {
    const problem = topicsProblemOf([
      { topic: 'a.messages', code: 'NotSupported', message: 'topic a.messages has 6 partitions; 3 wanted' },
      { topic: 'a.signals', code: 'KafkaUnreachable', message: 'topic a.signals was not described' },
    ]);
    expect(problem).toEqual({
      reason: 'NotSupported',
      message: 'topic a.messages has 6 partitions; 3 wanted; topic a.signals was not described',
    });
    expect(topicsProblemOf([])).toBeUndefined();
  });
});

describe('reconcileOutcome', () => {
  const invalid = { reason: ConditionReason.InvalidSpec, message: 'bad retention' };
  const down = { reason: ConditionReason.KafkaUnreachable, message: 'down' };

  it('does not back off for an invalid spec: only an edit can fix it, and the edit requeues it', () => {
    expect(reconcileOutcome([undefined, invalid])).toEqual(ReconcileResult.done);
    expect(reconcileOutcome([invalid, invalid])).toEqual(ReconcileResult.done);
  });

  it('backs off for any problem that may pass by itself, even beside an invalid spec', () => {
    expect(reconcileOutcome([invalid, down])).toEqual(ReconcileResult.backoff('KafkaUnreachable: down'));
    expect(reconcileOutcome([undefined, down])).toEqual(ReconcileResult.backoff('KafkaUnreachable: down'));
    expect(reconcileOutcome([undefined, undefined])).toEqual(ReconcileResult.done);
  });
});
