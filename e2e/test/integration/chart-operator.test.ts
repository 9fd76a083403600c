import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane, eventually, freePorts, helm, repoRoot } from '@cmf/test-harness';

// The real cmf-operator process run the way the chart's Deployment runs it: with exactly the
// environment the installed Deployment declares (downward API fields resolved as the kubelet
// would) and as the chart's ServiceAccount, through a token the API server issued for it. If the
// chart set a variable the operator does not know, the operator would refuse to start; if the
// chart's RBAC missed a verb, the operator could not take its Lease or reconcile a ChatGateway.

const chart = path.join(repoRoot, 'charts', 'cmf');
const operatorMain = path.join(repoRoot, 'operator', 'dist', 'src', 'main.js');
const NS = 'cmf-system';
const GATEWAY_NS = 'chat';
const POD_NAME = 'cmf-operator-7d9c5b6f4-x2x9q';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string } };
}

describe('cmf-operator with the configuration and RBAC the chart installs', () => {
  let plane: ControlPlane;
  let operator: ChildProcess | undefined;
  let adminPort: number;
  let workDir: string;
  let logs = '';

  /** Fails at once, with the operator's output, when the process has exited. */
  const assertRunning = (): void => {
    if (operator?.exitCode !== null || operator.signalCode !== null) {
      throw new Error(`cmf-operator exited (${String(operator?.exitCode)}); its output:\n${logs}`);
    }
  };

  const admin = async (urlPath: string): Promise<{ status: number; body: string }> => {
    const response = await fetch(`http://127.0.0.1:${adminPort}${urlPath}`);
    return { status: response.status, body: await response.text() };
  };

  beforeAll(async () => {
    if (!existsSync(operatorMain)) {
      throw new Error(`${operatorMain} is missing: build the operator first (npx tsc --build operator)`);
    }
    plane = await ControlPlane.start();
    workDir = await mkdtemp(path.join(os.tmpdir(), 'cmf-chart-operator-'));
    const [port] = await freePorts(1);
    if (port === undefined) throw new Error('no free port');
    adminPort = port;
    await plane.kubectl(['create', 'namespace', NS]);
    await plane.kubectl(['create', 'namespace', GATEWAY_NS]);

    const installed = await helm([
      'install',
      'cmf',
      chart,
      '--namespace',
      NS,
      '--kubeconfig',
      plane.kubeconfig,
      '--set',
      `operator.adminPort=${adminPort}`,
      // Nothing listens there: topics fail, and the rest of the reconcile must go on regardless.
      '--set',
      'operator.kafka.bootstrapServers={127.0.0.1:9}',
    ]);
    expect(installed.stderr).toBe('');
    expect(installed.exitCode).toBe(0);
    await plane.kubectl(['wait', '--for=condition=Established', 'crd/chatgateways.cmf.io', '--timeout=60s']);

    // The environment exactly as the installed Deployment declares it.
    const deployment = JSON.parse(
      await plane.kubectl(['get', 'deployment', 'cmf-operator', '--namespace', NS, '-o', 'json']),
    ) as { spec: { template: { spec: { containers: { env: EnvVar[] }[] } } } };
    const fields: Readonly<Record<string, string>> = { 'metadata.name': POD_NAME, 'metadata.namespace': NS };
    const env: Record<string, string> = {};
    for (const variable of deployment.spec.template.spec.containers[0]?.env ?? []) {
      // The API server drops an empty `value`; the kubelet then sets the variable to "".
      const fieldPath = variable.valueFrom?.fieldRef?.fieldPath;
      const value = fieldPath === undefined ? (variable.value ?? '') : fields[fieldPath];
      if (value === undefined || (variable.valueFrom !== undefined && fieldPath === undefined)) {
        throw new Error(`cannot resolve ${JSON.stringify(variable)}`);
      }
      env[variable.name] = value;
    }

    // Credentials of the chart's ServiceAccount, not the admin's.
    const token = (
      await plane.kubectl(['create', 'token', 'cmf-operator', '--namespace', NS, '--duration=1h'])
    ).trim();
    const admin = JSON.parse(await plane.kubectl(['config', 'view', '--raw', '--minify', '-o', 'json'])) as {
      clusters: { name: string; cluster: Record<string, unknown> }[];
    };
    const kubeconfig = path.join(workDir, 'operator.kubeconfig');
    await writeFile(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: admin.clusters,
        users: [{ name: 'cmf-operator', user: { token } }],
        contexts: [
          { name: 'cmf-operator', context: { cluster: admin.clusters[0]?.name, user: 'cmf-operator' } },
        ],
        'current-context': 'cmf-operator',
      }),
    );

    const child = spawn(process.execPath, [operatorMain], {
      env: { PATH: process.env['PATH'] ?? '', KUBECONFIG: kubeconfig, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    operator = child;
    child.stdout.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  });

  afterAll(async () => {
    const child = operator;
    if (child?.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await plane.destroy();
    await rm(workDir, { recursive: true, force: true });
  });

  it("starts with every variable the chart sets, and serves /readyz on the chart's admin port", async () => {
    await eventually('/readyz to answer 200', async () => {
      assertRunning();
      return (await admin('/readyz').catch(() => ({ status: 0, body: '' }))).status === 200;
    });
    expect((await admin('/healthz')).status).toBe(200);
  });

  it('takes the Lease the chart grants it, named as the chart says', async () => {
    await eventually('the operator to hold its Lease', async () => {
      assertRunning();
      const lease = await plane.kubectl([
        'get',
        'lease',
        'cmf-operator',
        '--namespace',
        NS,
        '--ignore-not-found',
        '-o',
        'jsonpath={.spec.holderIdentity}',
      ]);
      return lease.includes(POD_NAME);
    });
    const metrics = await admin('/metrics');
    expect(metrics.body).toMatch(/^cmf_operator_leader 1$/m);
  });

  it('reconciles a ChatGateway in another namespace: finalizer, owned objects and status', async () => {
    await plane.kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'cmf.io/v1alpha1',
        kind: 'ChatGateway',
        metadata: { name: 'chat', namespace: GATEWAY_NS },
        spec: {
          kafka: { topicPrefix: 'chat' },
          auth: {
            issuers: [
              { issuer: 'https://id.example.com', audience: 'cmf', jwksUrl: 'https://id.example.com/jwks' },
            ],
          },
        },
      }),
    );
    await eventually(
      'the operator to write status',
      async () => {
        assertRunning();
        const conditions = await plane.kubectl([
          'get',
          'chatgateway',
          'chat',
          '--namespace',
          GATEWAY_NS,
          '-o',
          'jsonpath={.status.conditions[*].type}',
        ]);
        return conditions.includes('Ready');
      },
      120_000,
    );
    const finalizers = await plane.kubectl([
      'get',
      'chatgateway',
      'chat',
      '--namespace',
      GATEWAY_NS,
      '-o',
      'jsonpath={.metadata.finalizers}',
    ]);
    expect(finalizers).toContain('cmf.io/topics');
    const owned = await plane.kubectl([
      'get',
      'deployments,services,configmaps',
      '--namespace',
      GATEWAY_NS,
      '--selector',
      'app.kubernetes.io/managed-by=cmf-operator',
      '-o',
      'name',
    ]);
    expect(owned).toMatch(/^deployment\.apps\//m);
    expect(owned).toMatch(/^service\//m);
    expect(owned).toMatch(/^configmap\//m);
    expect(logs.toLowerCase()).not.toContain('forbidden');
  });
});
