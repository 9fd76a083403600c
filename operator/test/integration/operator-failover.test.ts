import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane, eventually, KafkaBroker, repoRoot } from '@cmf/test-harness';
import { chatGateway, getObject, patchGateway, reconciled } from '../support/chat-gateway-reads.js';
import { OperatorProcess } from '../support/operator-process.js';

// Two real cmf-operator processes behind one Lease of a real API server, with a real broker: one
// leads and reconciles, the other stands by and writes nothing. A leader killed with SIGKILL cannot
// release its Lease, so the standby waits out the lease duration and then converges what changed
// meanwhile; a leader stopped with SIGTERM releases it, and the standby takes over at its next try.

const SYSTEM = 'cmf-system';
const NS = 'chat';
const LEASE_DURATION_MS = 8_000;
const crdFile = path.join(repoRoot, 'crds', 'chatgateways.cmf.io.yaml');

interface LeaseSpec {
  readonly holderIdentity?: string;
  readonly acquireTime?: string;
  readonly renewTime?: string;
  readonly leaseTransitions?: number;
}

/** A MicroTime (`…:05.123456Z`) in epoch milliseconds. */
const epochMs = (microTime: string | undefined): number =>
  Date.parse((microTime ?? '').replace(/(\.\d{3})\d*Z$/, '$1Z'));

/** When the operator logged `msg` (its JSON log lines carry `time`). */
function logTime(log: string, msg: string): string | undefined {
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    const record = JSON.parse(line) as { time?: string; msg?: string };
    if (record.msg === msg) return record.time;
  }
  return undefined;
}

describe('cmf-operator failover between two processes', () => {
  let plane: ControlPlane;
  let broker: KafkaBroker;
  const processes: OperatorProcess[] = [];

  async function lease(): Promise<LeaseSpec> {
    return (await getObject(plane, SYSTEM, 'lease/cmf-operator'))?.['spec'] ?? {};
  }

  async function operator(name: string): Promise<OperatorProcess> {
    const started = await OperatorProcess.start({
      name,
      kubeconfig: plane.kubeconfig,
      env: {
        CMF_POD_NAMESPACE: SYSTEM,
        CMF_OPERATOR_KAFKA_BOOTSTRAP_SERVERS: broker.bootstrap,
        CMF_OPERATOR_LEASE_DURATION: `${LEASE_DURATION_MS}ms`,
        CMF_OPERATOR_RENEW_DEADLINE: '5s',
        CMF_OPERATOR_RETRY_PERIOD: '1s',
      },
    });
    processes.push(started);
    return started;
  }

  /** Which operator instances wrote Events about the ChatGateway `name` (events.k8s.io reportingInstance). */
  async function reporters(name: string): Promise<string[]> {
    const list = JSON.parse(await plane.kubectl(['-n', NS, 'get', 'events.events.k8s.io', '-o', 'json'])) as {
      items: {
        reportingController?: string;
        reportingInstance?: string;
        regarding?: { kind?: string; name?: string };
      }[];
    };
    const names = list.items
      .filter((e) => e.reportingController === 'cmf.io/cmf-operator')
      .filter((e) => e.regarding?.kind === 'ChatGateway' && e.regarding.name === name)
      .map((e) => e.reportingInstance ?? '');
    return [...new Set(names)].sort();
  }

  /** A standby has only read the Lease: no other request, no reconcile, no watch. */
  async function expectIdleStandby(standby: OperatorProcess): Promise<void> {
    expect(await standby.sample('cmf_operator_leader')).toBe(0);
    expect([...(await standby.apiRequests()).keys()]).toEqual(['get leases']);
    expect(await standby.sample('cmf_operator_reconciles_total{result="success"}')).toBe(0);
    expect(await standby.sample('cmf_operator_reconciles_total{result="requeue"}')).toBe(0);
  }

  async function deploymentReplicas(name: string): Promise<number | undefined> {
    const deployment = await getObject(plane, NS, `deployment/${name}`);
    return (deployment?.['spec'] as { replicas?: number } | undefined)?.replicas;
  }

  beforeAll(async () => {
    plane = await ControlPlane.start();
    broker = await KafkaBroker.start();
    await plane.kubectl(['apply', '--server-side', '-f', crdFile]);
    await plane.kubectl(['wait', '--for=condition=Established', 'crd/chatgateways.cmf.io', '--timeout=60s']);
    await plane.kubectl(['create', 'namespace', SYSTEM]);
    await plane.kubectl(['create', 'namespace', NS]);
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await broker.destroy();
    await plane.destroy();
  });

  it('one process leads and reconciles; the other only reads the Lease', async () => {
    const a = await operator('operator-a');
    await eventually('operator-a to lead', async () => (await lease()).holderIdentity === 'operator-a');
    await plane.kubectl(['apply', '-f', '-'], chatGateway(NS, 'chat', { replicas: 2 }));
    await eventually('chat to be reconciled', async () => reconciled(plane, NS, 'chat'), 120_000);
    expect(await a.sample('cmf_operator_leader')).toBe(1);

    const b = await operator('operator-b');
    await eventually(
      'operator-b to have tried the Lease a few times',
      async () => ((await b.apiRequests()).get('get leases') ?? 0) >= 4,
    );
    await expectIdleStandby(b);
    expect(await reporters('chat')).toEqual(['operator-a']);
    expect((await lease()).holderIdentity).toBe('operator-a');
  });

  it('after SIGKILL of the leader, the standby waits out the lease and converges what changed meanwhile', async () => {
    const [a, b] = processes;
    if (a === undefined || b === undefined) throw new Error('the first test starts both operators');
    expect(await a.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const lastRenewal = epochMs((await lease()).renewTime);
    // Changed while nobody reconciles: a spec change and a new ChatGateway.
    await patchGateway(plane, NS, 'chat', { spec: { replicas: 3 } });
    await plane.kubectl(['apply', '-f', '-'], chatGateway(NS, 'late'));

    await eventually(
      'operator-b to lead',
      async () => (await lease()).holderIdentity === 'operator-b',
      120_000,
    );
    const taken = await lease();
    // The dead leader never released the Lease: it was taken only once it had expired.
    expect(epochMs(taken.acquireTime)).toBeGreaterThanOrEqual(lastRenewal + LEASE_DURATION_MS);
    expect(taken.leaseTransitions).toBe(1);
    await eventually(
      'operator-b to report leadership',
      async () => (await b.sample('cmf_operator_leader')) === 1,
    );

    await eventually(
      'chat to be reconciled at 3 replicas and late to be reconciled',
      async () =>
        (await reconciled(plane, NS, 'chat')) &&
        (await deploymentReplicas('chat')) === 3 &&
        (await reconciled(plane, NS, 'late')),
      120_000,
    );
    expect(await reporters('late')).toEqual(['operator-b']);
    expect(await reporters('chat')).toEqual(['operator-a']);
  });

  it('after SIGTERM of the leader, the Lease is released and the next standby takes over at once', async () => {
    const b = processes[1];
    if (b === undefined) throw new Error('the first test starts operator-b');
    const c = await operator('operator-c');
    await eventually(
      'operator-c to have tried the Lease',
      async () => ((await c.apiRequests()).get('get leases') ?? 0) >= 2,
    );
    await expectIdleStandby(c);

    expect(await b.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    const afterExit = await lease();
    // Released on the way out: the holder is empty, or operator-c has already taken it.
    expect(['', 'operator-c']).toContain(afterExit.holderIdentity ?? '');
    expect(b.log).toContain('released the lease');

    await eventually(
      'operator-c to lead',
      async () => (await lease()).holderIdentity === 'operator-c',
      120_000,
    );
    const taken = await lease();
    const releasedAt = epochMs(logTime(b.log, 'released the lease'));
    // Taken through the release, before the released term would have expired.
    expect(epochMs(taken.acquireTime)).toBeLessThan(releasedAt + LEASE_DURATION_MS);
    expect(taken.leaseTransitions).toBe(2);

    await patchGateway(plane, NS, 'chat', { spec: { replicas: 1 } });
    await eventually(
      'chat to be reconciled at 1 replica by operator-c',
      async () => (await reconciled(plane, NS, 'chat')) && (await deploymentReplicas('chat')) === 1,
      120_000,
    );
    expect(await c.sample('cmf_operator_leader')).toBe(1);
  });
});
