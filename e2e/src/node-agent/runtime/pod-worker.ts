import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { V1Container } from '../kube/objects.js';
import { NodeAgentError, NodeAgentErrorCode } from '../errors.js';
import { rewriteForPod, rewritePaths, type MountMapping } from '../env/address-rewrite.js';
import type { ConfigSources } from '../env/config-sources.js';
import { expandVars } from '../env/expand-vars.js';
import type { PodPlacement } from '../env/field-ref.js';
import { resolveEnv } from '../env/resolve-env.js';
import { containerArgv, findImage, lookupProgram, type LocalImage } from '../images.js';
import { sleep } from '../kube/list-watch.js';
import type { Pod } from '../kube/objects.js';
import type { LoopbackPool } from '../network/loopback-pool.js';
import { podNetworkAddress } from '../network/pod-network.js';
import { renderInClusterKubeconfig, serviceAccountDir } from '../serviceaccount/in-cluster-kubeconfig.js';
import type { PodSnapshot } from '../status/pod-status.js';
import { containerMounts, materializeVolumes, type TokenSource } from '../volumes/materialize-volumes.js';
import { retryDelay, type BackoffPolicy } from './backoff.js';
import { signalGroup } from './container-process.js';
import {
  ContainerRunner,
  RestartPolicy,
  type ContainerHost,
  type PreparedContainer,
} from './container-runner.js';

export interface PodWorkerDeps {
  readonly sources: ConfigSources;
  readonly token: TokenSource;
  readonly pool: LoopbackPool;
  readonly images: Readonly<Record<string, LocalImage>>;
  readonly backoff: BackoffPolicy;
  readonly nodeName: string;
  readonly hostIP: string;
  readonly allocatable: Readonly<Record<string, string>>;
  /** Variables every container gets before its own (PATH, the kubernetes Service); never rewritten. */
  readonly baseEnv: Readonly<Record<string, string>>;
  /** The API server URL written into a pod's in-cluster kubeconfig. */
  readonly apiServer: string;
  readonly podsDir: string;
  processStarted(pgid: number): void;
  processEnded(pgid: number): void;
  changed(worker: PodWorker): void;
}

function isoNow(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * The life of one pod on this node: an address, a directory, its volumes, init containers in
 * order, then every container under its own runner; and its end, on deletion or agent stop.
 */
export class PodWorker {
  private podIP: string | undefined;
  private readonly startTime = isoNow();
  private readonly dir: string;
  private volumeDirs = new Map<string, string>();
  private initRunners: ContainerRunner[] = [];
  private runners: ContainerRunner[] = [];
  private initDone = false;
  private initFailed = false;
  private blocked: { reason: string; message: string } | undefined;
  private stopping = false;
  private readonly abort = new AbortController();
  private readonly lifecycle: Promise<void>;

  constructor(
    private pod: Pod,
    private readonly deps: PodWorkerDeps,
  ) {
    const meta = pod.metadata;
    this.dir = path.join(deps.podsDir, `${meta.namespace ?? 'default'}_${meta.name}_${meta.uid ?? ''}`);
    this.lifecycle = this.live().catch((err: unknown) => {
      this.blocked = { reason: 'NodeAgentError', message: err instanceof Error ? err.message : String(err) };
      this.deps.changed(this);
    });
  }

  get uid(): string {
    return this.pod.metadata.uid ?? '';
  }

  get current(): Pod {
    return this.pod;
  }

  /** The loopback address the pod's processes bind. */
  get address(): string | undefined {
    return this.podIP;
  }

  /** The latest object from the API server (labels and annotations feed the downward API). */
  update(pod: Pod): void {
    this.pod = pod;
  }

  logFile(container: string): string {
    return path.join(this.dir, 'logs', `${container}.log`);
  }

  /** Process group ids of the running containers, by container name. */
  pids(): Map<string, number> {
    const pids = new Map<string, number>();
    for (const runner of [...this.initRunners, ...this.runners]) {
      if (runner.pid !== undefined) pids.set(runner.container.name, runner.pid);
    }
    return pids;
  }

  snapshot(): PodSnapshot {
    const waiting = (c: V1Container) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: '',
      state: { waiting: { reason: this.initDone ? 'ContainerCreating' : 'PodInitializing' } },
      lastState: {},
      ready: false,
      started: false,
      restartCount: 0,
    });
    const initStatuses = (this.pod.spec.initContainers ?? []).map(
      (c) => this.initRunners.find((r) => r.container.name === c.name)?.status() ?? waiting(c),
    );
    const statuses = this.pod.spec.containers.map(
      (c) => this.runners.find((r) => r.container.name === c.name)?.status() ?? waiting(c),
    );
    return {
      podIP: this.podIP === undefined ? undefined : podNetworkAddress(this.podIP),
      hostIP: this.deps.hostIP,
      startTime: this.startTime,
      initDone: this.initDone,
      initFailed: this.initFailed,
      initContainers: initStatuses,
      containers: statuses,
      ...(this.blocked === undefined ? {} : { blocked: this.blocked }),
    };
  }

  /** Stops every container (SIGTERM, SIGKILL after `graceMs`) and gives the address back. */
  async terminate(graceMs: number): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    await Promise.all([...this.initRunners, ...this.runners].map((r) => r.stop(graceMs)));
    await this.lifecycle;
    if (this.podIP !== undefined) this.deps.pool.release(this.podIP);
  }

  private placement(): PodPlacement {
    return {
      podIP: this.podIP ?? '',
      hostIP: this.deps.hostIP,
      nodeName: this.deps.nodeName,
      allocatable: this.deps.allocatable,
    };
  }

  private async live(): Promise<void> {
    this.podIP = this.deps.pool.acquire();
    await mkdir(path.join(this.dir, 'logs'), { recursive: true });
    this.deps.changed(this);
    if (!(await this.mountVolumes())) return;
    const restartPolicy = (this.pod.spec.restartPolicy ?? RestartPolicy.Always) as RestartPolicy;
    for (const container of this.pod.spec.initContainers ?? []) {
      if (this.stopping) return;
      const runner = this.runner(container, restartPolicy, true);
      this.initRunners.push(runner);
      const outcome = await runner.run();
      if (outcome !== 'succeeded') {
        this.initFailed = outcome === 'failed';
        this.deps.changed(this);
        return;
      }
    }
    this.initDone = true;
    if (this.stopping) return;
    this.runners = this.pod.spec.containers.map((c) => this.runner(c, restartPolicy, false));
    this.deps.changed(this);
    await Promise.all(this.runners.map((r) => r.run()));
  }

  /** Volumes first, retried while a ConfigMap or Secret is missing, as the kubelet's mount retries. */
  private async mountVolumes(): Promise<boolean> {
    for (let failures = 0; !this.stopping; failures++) {
      try {
        this.volumeDirs = await materializeVolumes({
          pod: this.pod,
          placement: this.placement(),
          sources: this.deps.sources,
          token: this.deps.token,
          volumesDir: path.join(this.dir, 'volumes'),
        });
        this.blocked = undefined;
        return true;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const retriable = err instanceof NodeAgentError ? err.retriable : true;
        this.blocked = { reason: retriable ? 'FailedMount' : 'UnsupportedVolume', message };
        this.deps.changed(this);
        if (!retriable) return false;
        await sleep(Math.max(1000, retryDelay(failures + 1, this.deps.backoff)), this.abort.signal);
      }
    }
    return false;
  }

  private runner(container: V1Container, restartPolicy: RestartPolicy, init: boolean): ContainerRunner {
    const meta = this.pod.metadata;
    const host: ContainerHost = {
      prepare: (c) => this.prepare(c),
      processStarted: (pgid) => {
        this.deps.processStarted(pgid);
      },
      processEnded: (pgid) => {
        this.deps.processEnded(pgid);
      },
      changed: () => {
        this.deps.changed(this);
      },
    };
    return new ContainerRunner(container, host, {
      restartPolicy,
      backoff: this.deps.backoff,
      graceMs: (this.pod.spec.terminationGracePeriodSeconds ?? 30) * 1000,
      podRef: `${meta.name}_${meta.namespace ?? 'default'}(${meta.uid ?? ''})`,
      imageID: `cmf-local://${container.image ?? ''}`,
      init,
    });
  }

  private async prepare(container: V1Container): Promise<PreparedContainer> {
    const image = findImage(container.image ?? '', this.deps.images);
    if (image === undefined) {
      throw new NodeAgentError(
        NodeAgentErrorCode.ImageUnknown,
        `failed to pull and unpack image "${container.image ?? ''}": not found: this node runs only ${Object.keys(this.deps.images).join(', ')} (e2e/src/node-agent/images.ts)`,
        true,
      );
    }
    const podIP = this.podIP ?? '';
    const mounts = containerMounts(container, this.volumeDirs);
    const base = { ...this.deps.baseEnv, HOSTNAME: this.pod.spec.hostname ?? this.pod.metadata.name };
    const resolved = await resolveEnv(this.pod, container, this.placement(), this.deps.sources, base);
    const env: Record<string, string> = {};
    for (const [name, value] of resolved) {
      env[name] = base[name as keyof typeof base] === value ? value : rewriteForPod(value, podIP, mounts);
    }
    const kubeconfig = await this.inClusterKubeconfig(mounts);
    // A container that names its own KUBECONFIG keeps it, as it would on a real node.
    if (kubeconfig !== undefined && env['KUBECONFIG'] === undefined) env['KUBECONFIG'] = kubeconfig;
    const lookup = (name: string): string | undefined => env[name];
    const argv = containerArgv(image, container.command, container.args).map((a) =>
      rewriteForPod(expandVars(a, lookup), podIP, mounts),
    );
    const program = lookupProgram(image, argv);
    if (!program.ok) throw new NodeAgentError(NodeAgentErrorCode.CommandNotFound, program.message);
    const cwd = await this.workingDir(container, image, mounts);
    return {
      process: { file: program.file, args: program.args, env, cwd, logFile: this.logFile(container.name) },
      probeTarget: {
        podIP,
        ports: container.ports ?? [],
        exec: (command, timeoutMs) =>
          this.exec(
            image,
            command.map((a) => rewriteForPod(expandVars(a, lookup), podIP, mounts)),
            env,
            cwd,
            timeoutMs,
          ),
      },
    };
  }

  /**
   * The kubelet mounts the service account token and programs use in-cluster config; here the
   * token volume is materialized as usual (TokenRequest, bound to the pod) and turned into a
   * kubeconfig file. None when the container has no service account mount (the pod or its
   * account set automountServiceAccountToken: false), so RBAC sees exactly the pod's identity.
   */
  private async inClusterKubeconfig(mounts: readonly MountMapping[]): Promise<string | undefined> {
    const dir = serviceAccountDir(mounts);
    if (dir === undefined) return undefined;
    const file = path.join(this.dir, 'serviceaccount', 'kubeconfig');
    const [token, namespace] = await Promise.all([
      readFile(path.join(dir, 'token'), 'utf8'),
      readFile(path.join(dir, 'namespace'), 'utf8').catch(() => this.pod.metadata.namespace ?? 'default'),
    ]);
    await mkdir(path.dirname(file), { recursive: true });
    const content = renderInClusterKubeconfig({
      server: this.deps.apiServer,
      caFile: path.join(dir, 'ca.crt'),
      token: token.trim(),
      namespace: namespace.trim(),
    });
    await writeFile(file, content, { mode: 0o600 });
    return file;
  }

  private async workingDir(
    container: V1Container,
    image: LocalImage,
    mounts: readonly MountMapping[],
  ): Promise<string> {
    const wanted = container.workingDir;
    if (wanted === undefined || wanted === '') return image.workingDir;
    const mapped = rewritePaths(wanted, mounts);
    if (mapped !== wanted) return mapped;
    // Not a volume: a directory in the pod's own stand-in for the container filesystem.
    const dir = path.join(this.dir, 'rootfs', wanted);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** An exec probe: the image's commands first, else a program of the host (sh, cat, test ...). */
  private exec(
    image: LocalImage,
    argv: readonly string[],
    env: Readonly<Record<string, string>>,
    cwd: string,
    timeoutMs: number,
  ): Promise<number | null> {
    const program = lookupProgram(image, argv);
    const [word, ...rest] = argv;
    const file = program.ok ? program.file : (word ?? 'false');
    const args = program.ok ? program.args : rest;
    return new Promise((resolve) => {
      const child = spawn(file, [...args], { cwd, env: { ...env }, stdio: 'ignore', detached: true });
      const timer = setTimeout(() => {
        signalGroup(child.pid ?? -1, 'SIGKILL');
      }, timeoutMs);
      child.once('error', () => {
        clearTimeout(timer);
        resolve(127);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }
}
