import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binDir, ControlPlane, eventually, runDir } from '@cmf/test-harness';
import { loopbackAddress, NodeAgent } from '../../src/node-agent/index.js';

// The node agent's stand-in for the kubelet's service account token projection: a pod's
// processes get a kubeconfig with a token bound to the pod, so what they may do is what RBAC
// grants their ServiceAccount, and nothing when the pod opts out of the token.

const execFileAsync = promisify(execFile);
const NS = 'agent-sa';

let plane: ControlPlane;
let agent: NodeAgent;
let stateDir = '';

interface PodJson {
  status: { podIP?: string; conditions?: { type: string; status: string }[] };
}

function echoEnv(host: string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port: 8080, path: '/', agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        resolve((JSON.parse(body) as { env: Record<string, string> }).env);
      });
    });
    req.on('error', reject);
  });
}

function pod(name: string, extra: { spec?: object; env?: { name: string; value: string }[] } = {}): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS },
    spec: {
      serviceAccountName: 'reader',
      terminationGracePeriodSeconds: 2,
      containers: [
        {
          name: 'echo',
          image: 'cmf.test/http-echo:1',
          env: [{ name: 'HOST', value: '0.0.0.0' }, ...(extra.env ?? [])],
          readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
        },
      ],
      ...extra.spec,
    },
  };
}

/** The environment of a ready pod's process, read from the process itself. */
async function runningEnv(name: string): Promise<Record<string, string>> {
  let address = '';
  await eventually(`pod ${name} ready`, async () => {
    const json = JSON.parse(await plane.kubectl(['-n', NS, 'get', 'pod', name, '-o', 'json'])) as PodJson;
    const ready = json.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
    address = json.status.podIP === undefined ? '' : loopbackAddress(json.status.podIP);
    return ready;
  });
  return echoEnv(address);
}

async function kubectlAs(kubeconfig: string, args: readonly string[]): Promise<string> {
  const { stdout } = await execFileAsync(path.join(binDir, 'kubectl'), ['--kubeconfig', kubeconfig, ...args]);
  return stdout.trim();
}

beforeAll(async () => {
  plane = await ControlPlane.start();
  stateDir = mkdtempSync(path.join(runDir, 'node-agent-sa-'));
  agent = await NodeAgent.start({ kubeconfig: plane.kubeconfig, nodeName: 'sa-node', stateDir });
  await plane.kubectl(['create', 'namespace', NS]);
  await plane.kubectl(['-n', NS, 'create', 'serviceaccount', 'reader']);
  await plane.kubectl(['-n', NS, 'create', 'role', 'pod-reader', '--verb=get,list', '--resource=pods']);
  await plane.kubectl([
    '-n',
    NS,
    'create',
    'rolebinding',
    'pod-reader',
    '--role=pod-reader',
    `--serviceaccount=${NS}:reader`,
  ]);
  // The ServiceAccount admission plugin refuses pods until the namespace's root CA is published.
  await eventually('kube-root-ca.crt published', async () =>
    (await plane.kubectl(['-n', NS, 'get', 'configmap', '-o', 'name'])).includes('kube-root-ca.crt'),
  );
});

afterAll(async () => {
  await agent.stop();
  await plane.destroy();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('service account credentials of a pod', () => {
  it('are a kubeconfig in KUBECONFIG whose token is the pod service account, limited by its RBAC', async () => {
    await plane.kubectl(['apply', '-f', '-'], JSON.stringify(pod('with-token')));
    const env = await runningEnv('with-token');
    const kubeconfig = env['KUBECONFIG'] ?? '';
    expect(kubeconfig.startsWith(stateDir)).toBe(true);
    expect(
      await kubectlAs(kubeconfig, ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']),
    ).toBe(`system:serviceaccount:${NS}:reader`);
    expect(await kubectlAs(kubeconfig, ['-n', NS, 'get', 'pod', 'with-token', '-o', 'name'])).toBe(
      'pod/with-token',
    );
    await expect(kubectlAs(kubeconfig, ['-n', NS, 'get', 'secrets'])).rejects.toThrow(/forbidden/);
  });

  it('are absent when the pod sets automountServiceAccountToken: false', async () => {
    await plane.kubectl(
      ['apply', '-f', '-'],
      JSON.stringify(pod('no-token', { spec: { automountServiceAccountToken: false } })),
    );
    const env = await runningEnv('no-token');
    expect(env['KUBECONFIG']).toBeUndefined();
  });

  it('leave a KUBECONFIG the container sets itself alone', async () => {
    await plane.kubectl(
      ['apply', '-f', '-'],
      JSON.stringify(pod('own-config', { env: [{ name: 'KUBECONFIG', value: '/etc/own/kubeconfig' }] })),
    );
    const env = await runningEnv('own-config');
    expect(env['KUBECONFIG']).toBe('/etc/own/kubeconfig');
  });
});
