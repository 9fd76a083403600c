import { describe, expect, it } from 'vitest';
import type { ChatGatewayStatus } from '../api/v1alpha1/index.js';
import type { DeploymentState } from './deployment-state.js';
import { deploymentState } from './deployment-state.js';
import { gatewayStatus, type Observation } from './gateway-status.js';
import { statusEqual } from './status-equal.js';
import { statusEvents } from './status-events.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const T1 = new Date('2026-01-01T00:05:00.000Z');
const readyPods: DeploymentState = {
  desired: 2,
  replicas: 2,
  updatedReplicas: 2,
  readyReplicas: 2,
  observed: true,
};
const topics = [{ name: 'chat.messages', partitions: 3, created: true }];

function observe(over: Partial<Observation> = {}): Observation {
  return {
    generation: 3,
    previous: undefined,
    applyProblem: undefined,
    topicsProblem: undefined,
    topics,
    deployment: readyPods,
    selector: 'app.kubernetes.io/instance=chat',
    endpoint: 'ws://chat.ns.svc:8080/connection/websocket',
    now: T0,
    ...over,
  };
}

function conditions(status: ChatGatewayStatus): Record<string, string> {
  return Object.fromEntries((status.conditions ?? []).map((c) => [c.type, `${c.status}/${c.reason}`]));
}

describe('gatewayStatus', () => {
  it('is Ready when objects are applied, topics exist and every pod is ready', () => {
    const status = gatewayStatus(observe());
    expect(conditions(status)).toEqual({
      Ready: 'True/Reconciled',
      Progressing: 'False/Reconciled',
      Degraded: 'False/Reconciled',
      TopicsReady: 'True/Reconciled',
    });
    expect(status).toMatchObject({
      observedGeneration: 3,
      replicas: 2,
      readyReplicas: 2,
      selector: 'app.kubernetes.io/instance=chat',
      endpoint: 'ws://chat.ns.svc:8080/connection/websocket',
      topics,
    });
    expect(
      status.conditions?.every(
        (c) => c.observedGeneration === 3 && c.lastTransitionTime === '2026-01-01T00:00:00Z',
      ),
    ).toBe(true);
  });

  it('says ReplicasUnavailable while pods run the spec but are not ready, from the Deployment’s counts', () => {
    const deployment = deploymentState({
      metadata: { generation: 4 },
      spec: { replicas: 2 },
      status: { observedGeneration: 4, replicas: 2, updatedReplicas: 2 },
    });
    const status = gatewayStatus(observe({ deployment }));
    expect(conditions(status)['Ready']).toBe('False/ReplicasUnavailable');
    expect(conditions(status)['Degraded']).toBe('True/ReplicasUnavailable');
    expect(status.readyReplicas).toBe(0);
  });

  it('says RolloutInProgress while the Deployment controller has not caught up', () => {
    const deployment = deploymentState({
      metadata: { generation: 5 },
      spec: { replicas: 2 },
      status: { observedGeneration: 4, replicas: 2, updatedReplicas: 2, readyReplicas: 2 },
    });
    const status = gatewayStatus(observe({ deployment }));
    expect(conditions(status)).toMatchObject({
      Ready: 'False/RolloutInProgress',
      Progressing: 'True/RolloutInProgress',
    });
  });

  it('reports an unreachable Kafka on TopicsReady and Degraded, keeping the known topics', () => {
    const status = gatewayStatus(
      observe({ topicsProblem: { reason: 'KafkaUnreachable', message: 'connect ECONNREFUSED' } }),
    );
    expect(conditions(status)).toEqual({
      Ready: 'False/KafkaUnreachable',
      Progressing: 'False/Reconciled',
      Degraded: 'True/KafkaUnreachable',
      TopicsReady: 'False/KafkaUnreachable',
    });
    expect(status.topics).toEqual(topics);
  });

  it('puts an apply failure first', () => {
    const status = gatewayStatus(
      observe({
        applyProblem: { reason: 'ApplyFailed', message: 'Ingress chat: forbidden' },
        deployment: undefined,
      }),
    );
    expect(conditions(status)).toMatchObject({
      Ready: 'False/ApplyFailed',
      Progressing: 'False/ApplyFailed',
      Degraded: 'True/ApplyFailed',
    });
  });

  it('keeps lastTransitionTime while a status holds, and moves it when it changes', () => {
    const first = gatewayStatus(observe());
    const same = gatewayStatus(observe({ previous: first, now: T1 }));
    expect(statusEqual(first, same)).toBe(true);
    const down = gatewayStatus(
      observe({ previous: first, now: T1, topicsProblem: { reason: 'KafkaUnreachable', message: 'down' } }),
    );
    expect(statusEqual(first, down)).toBe(false);
    const time = (s: ChatGatewayStatus, type: string) =>
      s.conditions?.find((c) => c.type === type)?.lastTransitionTime;
    expect(time(down, 'Ready')).toBe('2026-01-01T00:05:00Z');
    expect(time(down, 'Progressing')).toBe('2026-01-01T00:00:00Z');
  });

  it('ignores fields and conditions other writers own when deciding to write', () => {
    const mine = gatewayStatus(observe());
    const stored = {
      ...mine,
      conditions: [
        ...(mine.conditions ?? []),
        { type: 'Audited', status: 'True', reason: 'X', message: '', lastTransitionTime: 'x' },
      ],
    } as ChatGatewayStatus;
    expect(statusEqual(stored, mine)).toBe(true);
    expect(statusEqual(undefined, mine)).toBe(false);
  });
});

describe('statusEvents', () => {
  it('tells about new topics and transitions once, not on every reconcile', () => {
    const first = gatewayStatus(observe());
    expect(statusEvents(undefined, first).map((e) => e.reason)).toEqual([
      'TopicsCreated',
      'ReadyChanged',
      'TopicsReadyChanged',
    ]);
    expect(statusEvents(first, gatewayStatus(observe({ previous: first, now: T1 })))).toEqual([]);
    const down = gatewayStatus(
      observe({ previous: first, topicsProblem: { reason: 'KafkaUnreachable', message: 'down' } }),
    );
    const events = statusEvents(first, down);
    expect(events.map((e) => `${e.type}/${e.reason}`)).toEqual([
      'Warning/ReadyChanged',
      'Warning/TopicsReadyChanged',
    ]);
  });
});
