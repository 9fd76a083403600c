import { ConditionStatus, ConditionType, type ChatGatewayStatus } from '../api/v1alpha1/index.js';
import { EventType, type RecordedEvent } from '../kube/index.js';

function conditionOf(status: ChatGatewayStatus | undefined, type: string) {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * The Events a status change deserves: one per transition, never one per reconcile, so a
 * gateway stuck on a failure does not flood `kubectl describe`.
 */
export function statusEvents(
  before: ChatGatewayStatus | undefined,
  after: ChatGatewayStatus,
): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  const created = new Set((before?.topics ?? []).filter((t) => t.created).map((t) => t.name));
  const newTopics = (after.topics ?? []).filter((t) => t.created && !created.has(t.name)).map((t) => t.name);
  if (newTopics.length > 0) {
    events.push({
      type: EventType.Normal,
      reason: 'TopicsCreated',
      action: 'EnsureTopics',
      note: `created Kafka topics ${newTopics.join(', ')}`,
    });
  }
  for (const type of [ConditionType.Ready, ConditionType.TopicsReady]) {
    const old = conditionOf(before, type);
    const now = conditionOf(after, type);
    if (now === undefined || (old?.status === now.status && old.reason === now.reason)) continue;
    events.push({
      type: now.status === ConditionStatus.True ? EventType.Normal : EventType.Warning,
      reason: type === ConditionType.Ready ? 'ReadyChanged' : 'TopicsReadyChanged',
      action: 'Reconcile',
      note: `${type} is ${now.status} (${now.reason}): ${now.message}`,
    });
  }
  return events;
}
