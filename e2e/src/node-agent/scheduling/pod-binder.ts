import type { KubeApi } from '../kube/kube-api.js';
import { isConflict, isNotFound } from '../kube/kube-api-error.js';
import { ListWatch } from '../kube/list-watch.js';
import type { Pod } from '../kube/objects.js';

/** Pods this stand-in scheduler takes: unbound, alive, for the default scheduler. */
export function wantsBinding(pod: Pod): boolean {
  const scheduler = pod.spec.schedulerName;
  return (
    (pod.spec.nodeName === undefined || pod.spec.nodeName === '') &&
    pod.metadata.deletionTimestamp === undefined &&
    (scheduler === undefined || scheduler === '' || scheduler === 'default-scheduler')
  );
}

export function renderBinding(pod: Pod, nodeName: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
    target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
  };
}

/**
 * The scheduler of a one-node cluster: every pod without a node is bound to this one through
 * the pods/binding subresource (which also sets the PodScheduled condition).
 */
export class PodBinder {
  private readonly watch: ListWatch<Pod>;

  constructor(
    private readonly api: KubeApi,
    private readonly nodeName: string,
    resyncMs: number,
    private readonly onError: (err: unknown) => void,
  ) {
    this.watch = new ListWatch<Pod>(
      api,
      { path: `/api/v1/pods?fieldSelector=${encodeURIComponent('spec.nodeName=')}`, resyncMs, retryMs: 1000 },
      {
        sync: (pods) => {
          for (const pod of pods) this.bind(pod);
        },
        event: (type, pod) => {
          if (type !== 'DELETED') this.bind(pod);
        },
        error: onError,
      },
    );
  }

  start(): Promise<void> {
    return this.watch.start();
  }

  stop(): Promise<void> {
    return this.watch.stop();
  }

  private bind(pod: Pod): void {
    if (!wantsBinding(pod)) return;
    const path = `/api/v1/namespaces/${pod.metadata.namespace ?? 'default'}/pods/${pod.metadata.name}/binding`;
    this.api.request('POST', path, renderBinding(pod, this.nodeName)).catch((err: unknown) => {
      // Already bound (a duplicate event) or gone: nothing to do.
      if (!isConflict(err) && !isNotFound(err)) this.onError(err);
    });
  }
}
