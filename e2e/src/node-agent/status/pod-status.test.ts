import { describe, expect, it } from 'vitest';
import type { Pod, WireContainerStatus } from '../kube/objects.js';
import { podPhase, renderPodStatus, type PodSnapshot } from './pod-status.js';

function container(
  name: string,
  state: WireContainerStatus['state'],
  ready = false,
  lastState: WireContainerStatus['lastState'] = {},
): WireContainerStatus {
  return { name, image: 'i', imageID: 'i', state, lastState, ready, started: ready, restartCount: 0 };
}

function snapshot(containers: WireContainerStatus[], initDone = true): PodSnapshot {
  return {
    podIP: '10.244.1.2',
    hostIP: '127.0.0.1',
    startTime: 't0',
    initDone,
    initFailed: false,
    initContainers: [],
    containers,
  };
}

const running = { running: { startedAt: 't' } };
const exited = (exitCode: number) => ({
  terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', finishedAt: 't' },
});

describe('podPhase', () => {
  it('follows the kubelet rule per restart policy', () => {
    expect(podPhase('Always', snapshot([container('a', { waiting: { reason: 'ContainerCreating' } })]))).toBe(
      'Pending',
    );
    expect(podPhase('Always', snapshot([container('a', running)], false))).toBe('Pending');
    expect(podPhase('Always', snapshot([container('a', running), container('b', exited(1))]))).toBe(
      'Running',
    );
    expect(
      podPhase(
        'Always',
        snapshot([container('a', { waiting: { reason: 'CrashLoopBackOff' } }, false, exited(1))]),
      ),
    ).toBe('Running');
    expect(podPhase('Never', snapshot([container('a', exited(0))]))).toBe('Succeeded');
    expect(podPhase('Never', snapshot([container('a', exited(0)), container('b', exited(2))]))).toBe(
      'Failed',
    );
    expect(podPhase('OnFailure', snapshot([container('a', exited(2))]))).toBe('Running');
  });
});

describe('renderPodStatus', () => {
  const pod: Pod = {
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'a' }, { name: 'b' }] },
    status: { conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: 'earlier' }] },
  };

  it('reports unready containers and keeps transition times while a status holds', () => {
    const status = renderPodStatus(
      pod,
      snapshot([container('a', running, true), container('b', running, false)]),
      'now',
    );
    const ready = status.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [b]',
      lastTransitionTime: 'earlier',
    });
    expect(status.conditions?.map((c) => c.type)).toEqual([
      'Initialized',
      'Ready',
      'ContainersReady',
      'PodScheduled',
    ]);
    expect(status.podIPs).toEqual([{ ip: '10.244.1.2' }]);
    expect(status.phase).toBe('Running');
  });

  it('moves the transition time when the status flips', () => {
    const status = renderPodStatus(
      pod,
      snapshot([container('a', running, true), container('b', running, true)]),
      'now',
    );
    expect(status.conditions?.find((c) => c.type === 'Ready')).toEqual({
      type: 'Ready',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: 'now',
    });
  });
});
