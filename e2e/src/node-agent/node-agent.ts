import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { V1ServiceAccountTokenProjection } from './kube/objects.js';
import type { ConfigSources } from './env/config-sources.js';
import { ContentType, HttpsKubeApi, type KubeApi } from './kube/kube-api.js';
import { isNotFound } from './kube/kube-api-error.js';
import { ListWatch } from './kube/list-watch.js';
import { podKey, type ConfigMap, type Pod, type Secret } from './kube/objects.js';
import { resolveNodeAgentConfig, type NodeAgentConfig, type NodeAgentOptions } from './node-agent-config.js';
import { LoopbackPool } from './network/loopback-pool.js';
import { machineCapacity } from './node/node-object.js';
import { NodeRegistration } from './node/node-registration.js';
import { OrphanWatchdog } from './runtime/orphan-watchdog.js';
import { PodWorker } from './runtime/pod-worker.js';
import { PodBinder } from './scheduling/pod-binder.js';
import { renderPodStatus } from './status/pod-status.js';
import type { PodStatus } from './kube/objects.js';

const HOST_IP = '127.0.0.1';

function isoNow(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Status without its clocks: two renders that differ only in timestamps are the same status. */
function statusKey(status: PodStatus): string {
  return JSON.stringify({
    ...status,
    conditions: status.conditions?.map((c) => ({ ...c, lastTransitionTime: undefined })),
  });
}

interface Tracked {
  readonly worker: PodWorker;
  terminating: Promise<void> | undefined;
  lastWritten: PodStatus | undefined;
  flushing: Promise<void> | undefined;
  dirty: boolean;
}

/**
 * The kubelet stand-in: registers a Node, binds unscheduled pods to it, runs their containers as
 * local processes on their own loopback addresses, reports their status, and tears them down on
 * deletion. See README.md for what is emulated and what is not.
 */
export class NodeAgent {
  private readonly tracked = new Map<string, Tracked>();
  /** Last log directory per ns/name, kept after the pod is gone so tests can read its output. */
  private readonly logSources = new Map<string, PodWorker>();
  private podWatch: ListWatch<Pod> | undefined;
  private stopped = false;

  private constructor(
    readonly config: NodeAgentConfig,
    private readonly api: KubeApi,
    private readonly pool: LoopbackPool,
    private readonly watchdog: OrphanWatchdog,
    private readonly registration: NodeRegistration,
    private readonly binder: PodBinder,
  ) {}

  get nodeName(): string {
    return this.config.nodeName;
  }

  static async start(options: NodeAgentOptions): Promise<NodeAgent> {
    const config = resolveNodeAgentConfig(options);
    mkdirSync(config.stateDir, { recursive: true });
    const api = await HttpsKubeApi.fromKubeconfig(config.kubeconfig);
    const logError = (err: unknown): void => {
      const line = JSON.stringify({
        time: isoNow(),
        error: err instanceof Error ? err.message : String(err),
      });
      appendFileSync(path.join(config.stateDir, 'agent.log'), `${line}\n`);
    };
    const capacity = machineCapacity(config.maxPods);
    const registration = new NodeRegistration(
      api,
      { nodeName: config.nodeName, hostIP: HOST_IP, capacity },
      config,
      logError,
    );
    const agent = new NodeAgent(
      config,
      api,
      new LoopbackPool(config.addressDir),
      new OrphanWatchdog(path.join(config.stateDir, 'process-groups'), [process.pid, ...config.ownerPids]),
      registration,
      new PodBinder(api, config.nodeName, config.resyncMs, logError),
    );
    try {
      await registration.register();
      await agent.binder.start();
      await agent.watchPods(capacity, logError);
    } catch (err) {
      await agent.stop().catch(() => undefined);
      throw err;
    }
    return agent;
  }

  /** A container's output (all its instances, appended), also after the pod is gone. */
  async logs(namespace: string, pod: string, container: string): Promise<string> {
    const worker = this.logSources.get(`${namespace}/${pod}`);
    if (worker === undefined) return '';
    try {
      return await readFile(worker.logFile(container), 'utf8');
    } catch {
      return '';
    }
  }

  /** The pid (and process group) of a running container, if it runs on this node now. */
  containerPid(namespace: string, pod: string, container: string): number | undefined {
    for (const t of this.tracked.values()) {
      if (podKey(t.worker.current) === `${namespace}/${pod}`) return t.worker.pids().get(container);
    }
    return undefined;
  }

  /** Every container process this node runs now. */
  allPids(): number[] {
    return [...this.tracked.values()].flatMap((t) => [...t.worker.pids().values()]);
  }

  /** Stops every container (SIGTERM, then SIGKILL after the pod's grace period) and deletes the Node. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.podWatch?.stop();
    await this.binder.stop();
    await Promise.all(
      [...this.tracked.values()].map(
        (t) => t.terminating ?? t.worker.terminate(this.graceMs(t.worker.current)),
      ),
    );
    this.tracked.clear();
    await this.registration.deregister().catch(() => undefined);
    this.watchdog.dismiss();
    this.pool.releaseAll();
    this.api.close();
  }

  private async watchPods(
    capacity: Readonly<Record<string, string>>,
    onError: (err: unknown) => void,
  ): Promise<void> {
    const server = new URL(this.api.server);
    const apiPort = server.port === '' ? '443' : server.port;
    const baseEnv: Record<string, string> = {
      PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
      // The kubernetes Service, as every container sees it; the API server listens on the host.
      KUBERNETES_SERVICE_HOST: server.hostname,
      KUBERNETES_SERVICE_PORT: apiPort,
      KUBERNETES_SERVICE_PORT_HTTPS: apiPort,
      KUBERNETES_PORT: `tcp://${server.hostname}:${apiPort}`,
    };
    const sources: ConfigSources = {
      configMap: (ns, name) => this.getOptional<ConfigMap>(`/api/v1/namespaces/${ns}/configmaps/${name}`),
      secret: (ns, name) => this.getOptional<Secret>(`/api/v1/namespaces/${ns}/secrets/${name}`),
    };
    const deps = {
      sources,
      token: (pod: Pod, projection: V1ServiceAccountTokenProjection) => this.requestToken(pod, projection),
      pool: this.pool,
      images: this.config.images,
      backoff: this.config.backoff,
      nodeName: this.config.nodeName,
      hostIP: HOST_IP,
      allocatable: capacity,
      baseEnv,
      apiServer: this.api.server,
      podsDir: path.join(this.config.stateDir, 'pods'),
      processStarted: (pgid: number) => {
        this.watchdog.add(pgid);
      },
      processEnded: (pgid: number) => {
        this.watchdog.remove(pgid);
      },
      changed: (worker: PodWorker) => {
        this.statusChanged(worker);
      },
    };
    this.podWatch = new ListWatch<Pod>(
      this.api,
      {
        path: `/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${this.config.nodeName}`)}`,
        resyncMs: this.config.resyncMs,
        retryMs: 1000,
      },
      {
        sync: (pods) => {
          const present = new Set(pods.map((p) => p.metadata.uid ?? ''));
          for (const [uid, t] of this.tracked) if (!present.has(uid)) this.forget(uid, t);
          for (const pod of pods) this.reconcile(pod, deps);
          for (const t of this.tracked.values()) this.statusChanged(t.worker); // retry failed writes
        },
        event: (type, pod) => {
          const uid = pod.metadata.uid ?? '';
          const t = this.tracked.get(uid);
          if (type === 'DELETED') {
            if (t !== undefined) this.forget(uid, t);
          } else {
            this.reconcile(pod, deps);
          }
        },
        error: onError,
      },
    );
    await this.podWatch.start();
  }

  private reconcile(pod: Pod, deps: ConstructorParameters<typeof PodWorker>[1]): void {
    if (this.stopped) return;
    const uid = pod.metadata.uid ?? '';
    let t = this.tracked.get(uid);
    if (pod.metadata.deletionTimestamp !== undefined) {
      if (t === undefined) {
        void this.finalize(pod);
      } else if (t.terminating === undefined) {
        const tracked = t;
        tracked.worker.update(pod);
        tracked.terminating = tracked.worker.terminate(this.graceMs(pod)).then(() => this.finalize(pod));
      }
      return;
    }
    if (t === undefined) {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') return;
      t = {
        worker: new PodWorker(pod, deps),
        terminating: undefined,
        lastWritten: undefined,
        flushing: undefined,
        dirty: true,
      };
      this.tracked.set(uid, t);
      this.logSources.set(podKey(pod), t.worker);
      this.statusChanged(t.worker);
      return;
    }
    t.worker.update(pod);
  }

  /** The pod object is gone (force deletion): its processes go at once. */
  private forget(uid: string, t: Tracked): void {
    this.tracked.delete(uid);
    t.terminating ??= t.worker.terminate(0);
  }

  private graceMs(pod: Pod): number {
    const seconds = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    return seconds * 1000;
  }

  /** Removes the pod object once its processes are gone: grace 0, only this very pod (uid). */
  private async finalize(pod: Pod): Promise<void> {
    const uid = pod.metadata.uid ?? '';
    this.tracked.delete(uid);
    if (this.stopped) return;
    try {
      await this.api.request(
        'DELETE',
        `/api/v1/namespaces/${pod.metadata.namespace ?? 'default'}/pods/${pod.metadata.name}`,
        {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          gracePeriodSeconds: 0,
          preconditions: { uid },
        },
      );
    } catch (err) {
      if (!isNotFound(err)) appendFileSync(path.join(this.config.stateDir, 'agent.log'), `${String(err)}\n`);
    }
  }

  private statusChanged(worker: PodWorker): void {
    const t = this.tracked.get(worker.uid);
    if (t === undefined || this.stopped) return;
    t.dirty = true;
    t.flushing ??= this.flushStatus(t).finally(() => {
      t.flushing = undefined;
    });
  }

  /** Writes the pod's status when it differs from the last one written; one write at a time per pod. */
  private async flushStatus(t: Tracked): Promise<void> {
    await new Promise((r) => setTimeout(r, 50)); // coalesce bursts of changes
    while (t.dirty && !this.stopped && t.terminating === undefined) {
      t.dirty = false;
      const pod = t.worker.current;
      const base: Pod = t.lastWritten === undefined ? pod : { ...pod, status: t.lastWritten };
      const status = renderPodStatus(base, t.worker.snapshot(), isoNow());
      if (t.lastWritten !== undefined && statusKey(status) === statusKey(t.lastWritten)) continue;
      try {
        const body = { status: { reason: null, message: null, ...status } };
        await this.api.request(
          'PATCH',
          `/api/v1/namespaces/${pod.metadata.namespace ?? 'default'}/pods/${pod.metadata.name}/status`,
          body,
          ContentType.MergePatch,
        );
        t.lastWritten = status;
      } catch (err) {
        if (isNotFound(err)) return;
        appendFileSync(path.join(this.config.stateDir, 'agent.log'), `${String(err)}\n`);
        return; // the next change or resync tries again
      }
    }
  }

  private async getOptional<T>(apiPath: string): Promise<T | undefined> {
    try {
      return await this.api.request<T>('GET', apiPath);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async requestToken(pod: Pod, projection: V1ServiceAccountTokenProjection): Promise<string> {
    const ns = pod.metadata.namespace ?? 'default';
    const sa = pod.spec.serviceAccountName ?? 'default';
    const response = await this.api.request<{ status: { token: string } }>(
      'POST',
      `/api/v1/namespaces/${ns}/serviceaccounts/${sa}/token`,
      {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: {
          audiences: projection.audience === undefined ? [] : [projection.audience],
          expirationSeconds: projection.expirationSeconds ?? 3600,
          boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid },
        },
      },
    );
    return response.status.token;
  }
}
