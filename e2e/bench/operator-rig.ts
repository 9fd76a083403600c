import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ControlPlane, eventually, freePort, KafkaBroker, repoRoot } from '@cmf/test-harness';
import type { CleanupStack } from './cleanup-stack.js';
import { checkpoint, track } from './interrupt.js';
import { progress } from './progress.js';

// What the operator benchmark runs against: a real control plane (no kubelet, so no pods), a real
// broker, the ChatGateway CRD, and the built cmf-operator as its own process.

export const BENCH_NAMESPACE = 'bench';
const SYSTEM_NAMESPACE = 'cmf-system';
/** The operator's default, set here so the report can say what it measured. */
export const MAX_CONCURRENT_RECONCILES = 2;
const operatorMain = path.join(repoRoot, 'operator', 'dist', 'src', 'main.js');
const crdFile = path.join(repoRoot, 'crds', 'chatgateways.cmf.io.yaml');

export interface OperatorRig {
  readonly plane: ControlPlane;
  readonly broker: KafkaBroker;
  readonly operatorPid: number;
  /** The operator's inspector (127.0.0.1), for its memory after a full collection (inspector-probe.ts). */
  readonly operatorInspectPort: number;
  /** The Prometheus text of the operator's /metrics. */
  metrics(): Promise<string>;
}

async function startOperator(plane: ControlPlane, broker: KafkaBroker, cleanup: CleanupStack) {
  const adminPort = await freePort();
  const inspectPort = await freePort();
  // The inspector only listens until the benchmark attaches to force a collection and read
  // process.memoryUsage(): RSS alone mixes what the operator keeps with garbage not yet collected.
  const child: ChildProcess = spawn(process.execPath, [`--inspect=127.0.0.1:${inspectPort}`, operatorMain], {
    env: {
      PATH: process.env['PATH'] ?? '',
      KUBECONFIG: plane.kubeconfig,
      CMF_POD_NAME: 'cmf-operator-bench',
      CMF_POD_NAMESPACE: SYSTEM_NAMESPACE,
      CMF_OPERATOR_ADMIN_HOST: '127.0.0.1',
      CMF_OPERATOR_ADMIN_PORT: String(adminPort),
      CMF_OPERATOR_KAFKA_BOOTSTRAP_SERVERS: broker.bootstrap,
      CMF_OPERATOR_LOG_LEVEL: 'warn',
      CMF_OPERATOR_MAX_CONCURRENT_RECONCILES: String(MAX_CONCURRENT_RECONCILES),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  track(child);
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
  cleanup.defer('stopping cmf-operator', async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const metrics = async (): Promise<string> => {
    if (exited())
      throw new Error(`cmf-operator exited (${String(child.exitCode)}); the end of its log:\n${log}`);
    return (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
  };
  await eventually('cmf-operator to lead', async () => {
    // Not listening yet is fine; having exited is not.
    const text = await metrics().catch((err: unknown) => {
      if (exited()) throw err;
      return '';
    });
    return /^cmf_operator_leader 1$/m.test(text);
  });
  return { pid: child.pid ?? 0, inspectPort, metrics };
}

export async function startOperatorRig(cleanup: CleanupStack): Promise<OperatorRig> {
  if (!existsSync(operatorMain)) throw new Error(`${operatorMain} is missing: build first (npm run build)`);
  progress('operator: starting a control plane and a broker');
  const plane = await ControlPlane.start();
  cleanup.defer('destroying the control plane', () => plane.destroy());
  checkpoint();
  const broker = await KafkaBroker.start();
  cleanup.defer('destroying the broker', () => broker.destroy());
  checkpoint();
  await plane.kubectl(['apply', '--server-side', '-f', crdFile]);
  await plane.kubectl(['wait', '--for=condition=Established', 'crd/chatgateways.cmf.io', '--timeout=60s']);
  await plane.kubectl(['create', 'namespace', SYSTEM_NAMESPACE]);
  await plane.kubectl(['create', 'namespace', BENCH_NAMESPACE]);
  progress('operator: starting cmf-operator');
  const operator = await startOperator(plane, broker, cleanup);
  return {
    plane,
    broker,
    operatorPid: operator.pid,
    operatorInspectPort: operator.inspectPort,
    metrics: operator.metrics,
  };
}
