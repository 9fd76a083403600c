import type { Pod, PodStatus, WireCondition, WireContainerStatus } from '../kube/objects.js';

/** What the node knows about a pod at one moment; the status is derived from it alone. */
export interface PodSnapshot {
  readonly podIP: string | undefined;
  readonly hostIP: string;
  readonly startTime: string;
  readonly initDone: boolean;
  readonly initFailed: boolean;
  readonly initContainers: readonly WireContainerStatus[];
  readonly containers: readonly WireContainerStatus[];
  /** Set when the pod cannot start at all (e.g. an unsupported volume). */
  readonly blocked?: { readonly reason: string; readonly message: string };
}

/** The kubelet's phase rule (getPhase), for the pod's restartPolicy. */
export function podPhase(restartPolicy: string, snapshot: PodSnapshot): string {
  if (snapshot.initFailed) return 'Failed';
  if (!snapshot.initDone) return 'Pending';
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of snapshot.containers) {
    if (c.state.running !== undefined) running++;
    else if (c.state.terminated !== undefined) {
      stopped++;
      if (c.state.terminated.exitCode === 0) succeeded++;
    } else if (c.lastState.terminated !== undefined)
      stopped++; // restarting
    else waiting++;
  }
  const total = snapshot.containers.length;
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === total) {
    if (restartPolicy === 'Always') return 'Running';
    if (succeeded === total) return 'Succeeded';
    if (restartPolicy === 'OnFailure') return 'Running';
    return 'Failed';
  }
  return 'Pending';
}

function condition(
  type: string,
  ok: boolean,
  previous: readonly WireCondition[] | undefined,
  at: string,
  reason?: string,
  message?: string,
): WireCondition {
  const status = ok ? 'True' : 'False';
  const before = previous?.find((c) => c.type === type);
  return {
    type,
    status,
    lastProbeTime: null,
    // A transition time moves only when the status does.
    lastTransitionTime:
      before?.status === status && before.lastTransitionTime !== undefined ? before.lastTransitionTime : at,
    ...(ok || reason === undefined ? {} : { reason }),
    ...(ok || message === undefined ? {} : { message }),
  };
}

/**
 * The status the node reports for `pod`: phase, the four conditions, container statuses and
 * addresses. `at` stamps conditions whose status changes.
 */
export function renderPodStatus(pod: Pod, snapshot: PodSnapshot, at: string): PodStatus {
  const previous = pod.status?.conditions;
  const phase = podPhase(pod.spec.restartPolicy ?? 'Always', snapshot);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const unready = snapshot.containers.filter((c) => !c.ready).map((c) => c.name);
  const uninitialized = snapshot.initContainers
    .filter((c) => c.state.terminated?.exitCode !== 0)
    .map((c) => c.name);
  const containersReady = unready.length === 0 && !terminal;
  const notReadyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const notReadyMessage = terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const conditions: WireCondition[] = [
    condition(
      'Initialized',
      snapshot.initDone || terminal,
      previous,
      at,
      'ContainersNotInitialized',
      `containers with incomplete status: [${uninitialized.join(' ')}]`,
    ),
    condition('Ready', containersReady, previous, at, notReadyReason, notReadyMessage),
    condition('ContainersReady', containersReady, previous, at, notReadyReason, notReadyMessage),
    condition('PodScheduled', true, previous, at),
  ];
  const ip = snapshot.podIP;
  return {
    phase,
    conditions,
    hostIP: snapshot.hostIP,
    hostIPs: [{ ip: snapshot.hostIP }],
    ...(ip === undefined ? {} : { podIP: ip, podIPs: [{ ip }] }),
    startTime: snapshot.startTime,
    ...(snapshot.initContainers.length === 0 ? {} : { initContainerStatuses: snapshot.initContainers }),
    containerStatuses: snapshot.containers,
    ...(snapshot.blocked === undefined
      ? {}
      : { reason: snapshot.blocked.reason, message: snapshot.blocked.message }),
  };
}
