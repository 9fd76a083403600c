import { readdir, readlink } from 'node:fs/promises';
import { KubeConfig, CustomObjectsApi } from '@kubernetes/client-node';
import type { BenchOptions } from './bench-options.js';
import type { CleanupStack } from './cleanup-stack.js';
import { liveMemory, type LiveMemory } from './inspector-probe.js';
import { checkpoint } from './interrupt.js';
import {
  BENCH_NAMESPACE,
  MAX_CONCURRENT_RECONCILES,
  startOperatorRig,
  type OperatorRig,
} from './operator-rig.js';
import { ReconcileWatch } from './operator-reconcile-watch.js';
import { residentBytes } from './proc-stats.js';
import { progress, sleep } from './progress.js';

// How long cmf-operator takes from a ChatGateway's creation to its reconciliation, alone and in a
// burst, what the process costs in memory, and how many API requests it sends once nothing
// changes. Against a real control plane and broker; measured to "reconciled" (see
// operator-reconcile-watch.ts), since pods never run without a kubelet.

/** Sequential single creations; the figure is their median. */
const SINGLE_RUNS = 5;
/** Creations in flight at once in the burst: a client applying a folder of manifests. */
const CREATE_CONCURRENCY = 20;
const RECONCILE_TIMEOUT_MS = 15 * 60_000;
const SETTLE_MS = 10_000;
const SETTLE_LIMIT_MS = 5 * 60_000;

export interface LatencyFigures {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface OperatorFigures {
  readonly single: LatencyFigures & { readonly runsMs: readonly number[] };
  readonly burst: LatencyFigures & {
    /** From the first create sent to the last ChatGateway reconciled. */
    readonly allReconciledSeconds: number;
    /** How long sending the creates took. */
    readonly createSeconds: number;
    /** Deployments in the namespace once all were reconciled (one per ChatGateway). */
    readonly deployments: number;
  };
  readonly rss: { readonly idleBytes: number; readonly afterBurstBytes: number };
  /**
   * What the process keeps, after a full collection: idle, after the single creations (every code
   * path warmed up, a Kafka client connected) and once the quiet window is over. The difference
   * of the last two over the burst is the cost of one more ChatGateway. The RSS above also holds
   * garbage not yet collected and the young generation V8 grew meanwhile, which depend on when V8
   * last collected, not on the number of ChatGateways.
   */
  readonly live: { readonly idle: LiveMemory; readonly warm: LiveMemory; readonly steady: LiveMemory };
  /** Sockets the process holds (watches, API keep-alive, Kafka, admin port, inspector). */
  readonly sockets: { readonly idle: number; readonly steady: number };
  readonly steady: {
    readonly seconds: number;
    readonly requestsPerSecond: number;
    /** `verb resource` → requests in the quiet window. */
    readonly requests: Readonly<Record<string, number>>;
    readonly reconciles: number;
    /** How long reconciles went on after the burst before the window started. */
    readonly settleSeconds: number;
    /** False when they never stopped for SETTLE_MS within SETTLE_LIMIT_MS. */
    readonly settled: boolean;
  };
  readonly gateways: number;
  readonly maxConcurrentReconciles: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function latency(values: readonly number[]): LatencyFigures {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? 0,
  };
}

/** A small ChatGateway: one replica and one partition per topic, so the burst loads the operator, not Kafka. */
function manifest(name: string): object {
  return {
    apiVersion: 'cmf.io/v1alpha1',
    kind: 'ChatGateway',
    metadata: { name, namespace: BENCH_NAMESPACE },
    spec: {
      replicas: 1,
      kafka: { topicPrefix: name, partitions: 1 },
      auth: {
        issuers: [
          { issuer: 'https://id.bench.cmf.test', audience: 'cmf', jwksUrl: 'https://id.bench.cmf.test/jwks' },
        ],
      },
    },
  };
}

class Creator {
  private readonly api: CustomObjectsApi;
  readonly createdAt = new Map<string, number>();

  constructor(kubeconfig: string) {
    const config = new KubeConfig();
    config.loadFromFile(kubeconfig);
    this.api = config.makeApiClient(CustomObjectsApi);
  }

  async create(name: string): Promise<void> {
    await this.api.createNamespacedCustomObject({
      group: 'cmf.io',
      version: 'v1alpha1',
      namespace: BENCH_NAMESPACE,
      plural: 'chatgateways',
      body: manifest(name),
    });
    // Timed when the API server has stored it: from here on it is the operator's.
    this.createdAt.set(name, performance.now());
  }

  /** Creates every name, `concurrency` requests in flight at once. */
  async createAll(names: readonly string[], concurrency: number): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < names.length; i = next++) await this.create(names[i] ?? '');
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  elapsed(watch: ReconcileWatch, names: readonly string[]): number[] {
    return names.map((name) => (watch.at(name) ?? Number.NaN) - (this.createdAt.get(name) ?? Number.NaN));
  }
}

/** `cmf_operator_api_requests_total` as `verb resource` → count. */
function apiRequests(metrics: string): Map<string, number> {
  const counts = new Map<string, number>();
  const pattern = /^cmf_operator_api_requests_total\{verb="([^"]*)",resource="([^"]*)"\} (\d+)$/gm;
  for (const match of metrics.matchAll(pattern))
    counts.set(`${match[1] ?? ''} ${match[2] ?? ''}`, Number(match[3]));
  return counts;
}

function reconcileCount(metrics: string): number {
  let total = 0;
  for (const match of metrics.matchAll(/^cmf_operator_reconciles_total\{result="[^"]*"\} (\d+)$/gm)) {
    total += Number(match[1]);
  }
  return total;
}

/**
 * Waits until no reconcile has run for SETTLE_MS: right after creation, kube-controller-manager
 * is still writing Deployment and ReplicaSet status, each write a reconcile of its owner. Resolves
 * with the seconds it waited; gives up (and says so in the figures) after SETTLE_LIMIT_MS.
 */
async function settle(rig: OperatorRig): Promise<{ seconds: number; settled: boolean }> {
  const started = performance.now();
  let last = reconcileCount(await rig.metrics());
  let quietSince = performance.now();
  while (performance.now() - started < SETTLE_LIMIT_MS) {
    await sleep(1000);
    const now = reconcileCount(await rig.metrics());
    if (now !== last) {
      last = now;
      quietSince = performance.now();
    } else if (performance.now() - quietSince >= SETTLE_MS) {
      return { seconds: (performance.now() - started) / 1000, settled: true };
    }
  }
  return { seconds: (performance.now() - started) / 1000, settled: false };
}

async function quietWindow(
  rig: OperatorRig,
  seconds: number,
): Promise<Omit<OperatorFigures['steady'], 'settleSeconds' | 'settled'>> {
  const before = await rig.metrics();
  await sleep(seconds * 1000);
  const after = await rig.metrics();
  const start = apiRequests(before);
  const requests: Record<string, number> = {};
  let total = 0;
  for (const [key, count] of apiRequests(after)) {
    const delta = count - (start.get(key) ?? 0);
    if (delta > 0) requests[key] = delta;
    total += delta;
  }
  return {
    seconds,
    requestsPerSecond: total / seconds,
    requests,
    reconciles: reconcileCount(after) - reconcileCount(before),
  };
}

async function socketCount(pid: number): Promise<number> {
  const fds = await readdir(`/proc/${pid}/fd`);
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
  return targets.filter((target) => target.startsWith('socket:')).length;
}

export async function runOperatorBench(
  options: BenchOptions,
  cleanup: CleanupStack,
): Promise<OperatorFigures> {
  const rig = await startOperatorRig(cleanup);
  const watch = await ReconcileWatch.start(rig.plane.kubeconfig, BENCH_NAMESPACE);
  cleanup.defer('stopping the ChatGateway watch', () => {
    watch.stop();
    return Promise.resolve();
  });
  const creator = new Creator(rig.plane.kubeconfig);
  await sleep(2000);
  const idleBytes = await residentBytes(rig.operatorPid);
  const idleLive = await liveMemory(rig.operatorInspectPort);
  const idleSockets = await socketCount(rig.operatorPid);

  progress(`operator: ${SINGLE_RUNS} ChatGateways one at a time`);
  const singles = Array.from({ length: SINGLE_RUNS }, (_, i) => `single-${i}`);
  for (const name of singles) {
    checkpoint();
    await creator.create(name);
    await watch.all([name], RECONCILE_TIMEOUT_MS);
  }
  const runsMs = creator.elapsed(watch, singles);
  const warmLive = await liveMemory(rig.operatorInspectPort);

  progress(`operator: ${options.operatorGateways} ChatGateways at once`);
  const burst = Array.from(
    { length: options.operatorGateways },
    (_, i) => `burst-${String(i).padStart(4, '0')}`,
  );
  const burstStart = performance.now();
  await creator.createAll(burst, CREATE_CONCURRENCY);
  const createSeconds = (performance.now() - burstStart) / 1000;
  await watch.all(burst, RECONCILE_TIMEOUT_MS);
  const lastReconciled = Math.max(...burst.map((name) => watch.at(name) ?? 0));
  const deployments = (await rig.plane.kubectl(['-n', BENCH_NAMESPACE, 'get', 'deployments', '-o', 'name']))
    .split('\n')
    .filter((line) => line.startsWith('deployment.apps/burst-')).length;
  const afterBurstBytes = await residentBytes(rig.operatorPid);

  progress('operator: waiting for reconciles to stop (Deployment status settling)');
  const settled = await settle(rig);
  progress(
    `operator: a quiet ${options.operatorQuietSeconds} s with ${SINGLE_RUNS + burst.length} ChatGateways`,
  );
  checkpoint();
  const steady = {
    ...(await quietWindow(rig, options.operatorQuietSeconds)),
    settleSeconds: settled.seconds,
    settled: settled.settled,
  };
  const steadyLive = await liveMemory(rig.operatorInspectPort);
  const steadySockets = await socketCount(rig.operatorPid);

  return {
    single: { ...latency(runsMs), runsMs },
    burst: {
      ...latency(creator.elapsed(watch, burst)),
      allReconciledSeconds: (lastReconciled - burstStart) / 1000,
      createSeconds,
      deployments,
    },
    rss: { idleBytes, afterBurstBytes },
    live: { idle: idleLive, warm: warmLive, steady: steadyLive },
    sockets: { idle: idleSockets, steady: steadySockets },
    steady,
    gateways: options.operatorGateways,
    maxConcurrentReconciles: MAX_CONCURRENT_RECONCILES,
  };
}
