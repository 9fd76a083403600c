import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane, eventually, runDir } from '@cmf/test-harness';
import { loopbackAddress, NodeAgent } from '../../src/node-agent/index.js';
import { ServiceProxy } from '../../src/service-proxy/index.js';

interface PodJson {
  metadata: { name: string; uid: string; deletionTimestamp?: string; labels?: Record<string, string> };
  spec: { nodeName?: string };
  status: {
    phase?: string;
    podIP?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: {
      name: string;
      ready: boolean;
      restartCount: number;
      state: { waiting?: { reason: string; message?: string }; running?: object; terminated?: object };
      lastState: { terminated?: { exitCode: number; reason: string } };
    }[];
  };
}

interface Echo {
  pod: string;
  address: string;
  pid: number;
  cwd: string;
  argv: string[];
  env: Record<string, string>;
  files: Record<string, string>;
}

const ECHO = 'cmf.test/http-echo:1';
const NS = 'agent-it';

function getJson(host: string, port: number, urlPath = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: urlPath, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

async function echo(host: string, port = 8080): Promise<Echo> {
  return JSON.parse((await getJson(host, port)).body) as Echo;
}

function alive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function deployment(name: string, replicas: number, env: Record<string, string>, extra: object = {}): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          terminationGracePeriodSeconds: 5,
          containers: [
            {
              name: 'echo',
              image: ECHO,
              ports: [{ name: 'http', containerPort: 8080 }],
              env: [
                { name: 'HOST', value: '0.0.0.0' },
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                ...Object.entries(env).map(([k, v]) => ({ name: k, value: v })),
              ],
              readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 1 },
              ...extra,
            },
          ],
        },
      },
    },
  };
}

describe('node agent on a real control plane', () => {
  let plane: ControlPlane;
  let agent: NodeAgent;
  let proxy: ServiceProxy;

  const kubectl = (args: string[], input?: string): Promise<string> => plane.kubectl(args, input);
  const apply = (obj: object): Promise<string> => kubectl(['apply', '-f', '-'], JSON.stringify(obj));
  const pods = async (selector: string): Promise<PodJson[]> =>
    (
      JSON.parse(await kubectl(['get', 'pods', '-n', NS, '-l', selector, '-o', 'json'])) as {
        items: PodJson[];
      }
    ).items;
  const readyPods = async (selector: string): Promise<PodJson[]> =>
    (await pods(selector)).filter(
      (p) =>
        p.metadata.deletionTimestamp === undefined &&
        p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );

  const stateDir = mkdtempSync(path.join(runDir, 'node-agent-it-'));

  beforeAll(async () => {
    plane = await ControlPlane.start();
    agent = await NodeAgent.start({
      kubeconfig: plane.kubeconfig,
      nodeName: 'agent-it-node',
      stateDir,
      backoff: { initialMs: 1000, maxMs: 4000, resetAfterMs: 60_000 },
      resyncMs: 10_000,
    });
    proxy = await ServiceProxy.start({ kubeconfig: plane.kubeconfig });
    await kubectl(['create', 'namespace', NS]);
  });

  afterAll(async () => {
    await proxy.stop();
    await agent.stop();
    await plane.destroy();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('registers a Ready node with a lease', async () => {
    const node = JSON.parse(await kubectl(['get', 'node', 'agent-it-node', '-o', 'json'])) as {
      status: {
        conditions: { type: string; status: string }[];
        addresses: { type: string; address: string }[];
      };
    };
    expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(node.status.addresses).toContainEqual({ type: 'InternalIP', address: '127.0.0.1' });
    const lease = JSON.parse(
      await kubectl(['get', 'lease', '-n', 'kube-node-lease', 'agent-it-node', '-o', 'json']),
    ) as {
      spec: { holderIdentity: string };
    };
    expect(lease.spec.holderIdentity).toBe('agent-it-node');
  });

  it('runs a Deployment as processes on distinct addresses, behind a Service', async () => {
    await apply(deployment('web', 2, { GREETING: 'one' }));
    await apply({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: NS },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    await eventually('two ready web pods', async () => (await readyPods('app=web')).length === 2, 120_000);
    const running = await readyPods('app=web');
    const ips = running.map((p) => p.status.podIP ?? '');
    expect(new Set(ips).size).toBe(2);
    for (const pod of running) {
      expect(pod.spec.nodeName).toBe('agent-it-node');
      expect(pod.status.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
      expect(pod.status.phase).toBe('Running');
      const local = loopbackAddress(pod.status.podIP ?? '');
      expect(local).toMatch(/^127\.0\.\d+\.\d+$/);
      const reply = await echo(local);
      expect(reply.pod).toBe(pod.metadata.name);
      expect(reply.address).toBe(`${local}:8080`);
      expect(alive(reply.pid)).toBe(true);
    }
    // EndpointSlices list both pods, and the Service proxy reaches both.
    await eventually('endpoint slice lists both pods', async () => {
      const slices = JSON.parse(
        await kubectl([
          'get',
          'endpointslices',
          '-n',
          NS,
          '-l',
          'kubernetes.io/service-name=web',
          '-o',
          'json',
        ]),
      ) as { items: { endpoints?: { addresses: string[]; conditions: { ready: boolean } }[] }[] };
      const ready = slices.items
        .flatMap((s) => s.endpoints ?? [])
        .filter((e) => e.conditions.ready)
        .flatMap((e) => e.addresses);
      return ready.length === 2 && ips.every((ip) => ready.includes(ip));
    });
    const seen = new Set<string>();
    await eventually('the Service proxy reaches both pods', async () => {
      const address = proxy.address(NS, 'web', 'http');
      if (address === undefined) return false;
      try {
        seen.add((await echo(address.host, address.port)).pod);
      } catch {
        return false;
      }
      return seen.size === 2;
    });
    expect([...seen].sort()).toEqual(running.map((p) => p.metadata.name).sort());
  });
  it('delivers env, envFrom, the downward API and ConfigMap and Secret volumes to the process', async () => {
    await apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: NS },
      data: { MODE: 'fast', 'app.conf': 'listen=0.0.0.0:9000\n' },
    });
    await apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: NS },
      stringData: { PASSWORD: 's3cret', token: 'tok-123' },
    });
    await apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'env-check',
        namespace: NS,
        labels: { app: 'env-check', tier: 'test' },
        annotations: { note: 'hello' },
      },
      spec: {
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 5,
        volumes: [
          {
            name: 'cfg',
            configMap: { name: 'settings', items: [{ key: 'app.conf', path: 'conf/app.conf' }] },
          },
          { name: 'sec', secret: { secretName: 'creds', defaultMode: 0o400 } },
          {
            name: 'info',
            downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] },
          },
          { name: 'scratch', emptyDir: {} },
        ],
        containers: [
          {
            name: 'echo',
            image: ECHO,
            workingDir: '/data',
            args: ['--greeting=$(GREETING)', '--escaped=$$(GREETING)'],
            envFrom: [
              { configMapRef: { name: 'settings' }, prefix: 'CM_' },
              { secretRef: { name: 'missing', optional: true } },
            ],
            env: [
              { name: 'HOST', value: '0.0.0.0' },
              { name: 'GREETING', value: 'hi' },
              { name: 'COMBINED', value: '$(GREETING)-$(CM_MODE)-$(UNDEFINED)' },
              { name: 'UPSTREAM', value: 'http://localhost:9090/x' },
              { name: 'CONFIG_FILE', value: '/etc/app/conf/app.conf' },
              { name: 'FILES', value: '/etc/app/conf/app.conf,/etc/creds/token,/etc/info/labels' },
              { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'PASSWORD' } } },
              { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'MODE' } } },
              { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
              { name: 'UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } },
              { name: 'TIER', valueFrom: { fieldRef: { fieldPath: "metadata.labels['tier']" } } },
              { name: 'NOTE', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['note']" } } },
              { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
              { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
              { name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } },
              {
                name: 'MEM_MI',
                valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } },
              },
            ],
            resources: { limits: { memory: '64Mi', cpu: '500m' }, requests: { memory: '32Mi', cpu: '250m' } },
            volumeMounts: [
              { name: 'cfg', mountPath: '/etc/app' },
              { name: 'sec', mountPath: '/etc/creds' },
              { name: 'info', mountPath: '/etc/info' },
              { name: 'scratch', mountPath: '/data' },
            ],
            readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
          },
        ],
      },
    });
    await eventually('env-check ready', async () => (await readyPods('app=env-check')).length === 1, 90_000);
    const [pod] = await readyPods('app=env-check');
    const local = loopbackAddress(pod?.status.podIP ?? '');
    const reply = await echo(local);
    expect(reply.env['GREETING']).toBe('hi');
    expect(reply.env['COMBINED']).toBe('hi-fast-$(UNDEFINED)');
    expect(reply.argv).toEqual(['--greeting=hi', '--escaped=$(GREETING)']);
    expect(reply.env['CM_MODE']).toBe('fast');
    expect(reply.env['MODE']).toBe('fast');
    expect(reply.env['PASSWORD']).toBe('s3cret');
    expect(reply.env['NS']).toBe(NS);
    expect(reply.env['UID']).toBe(pod?.metadata.uid);
    expect(reply.env['TIER']).toBe('test');
    expect(reply.env['NOTE']).toBe('hello');
    expect(reply.env['POD_IP']).toBe(local);
    expect(reply.env['NODE']).toBe('agent-it-node');
    expect(reply.env['SA']).toBe('default');
    expect(reply.env['MEM_MI']).toBe('64');
    expect(reply.env['UPSTREAM']).toBe(`http://${local}:9090/x`);
    expect(reply.env['KUBERNETES_SERVICE_HOST']).toBe('127.0.0.1');
    // Paths under a mountPath point at the materialized volume; the files hold the objects' data.
    expect(reply.env['CONFIG_FILE']).not.toBe('/etc/app/conf/app.conf');
    expect(reply.env['CONFIG_FILE']?.endsWith('/volumes/cfg/conf/app.conf')).toBe(true);
    const files = Object.values(reply.files);
    expect(files).toEqual(['listen=0.0.0.0:9000\n', 'tok-123', 'app="env-check"\ntier="test"']);
    expect(reply.cwd.endsWith('/volumes/scratch')).toBe(true);
  });

  it('scales down with SIGTERM to the removed pods and back up', async () => {
    const before = await readyPods('app=web');
    const pids = new Map(
      before.map((p) => [p.metadata.name, agent.containerPid(NS, p.metadata.name, 'echo')]),
    );
    await kubectl(['scale', 'deployment/web', '-n', NS, '--replicas=1']);
    await eventually('one web pod left', async () => (await pods('app=web')).length === 1, 90_000);
    const [kept] = await pods('app=web');
    const removed = before.find((p) => p.metadata.name !== kept?.metadata.name);
    const removedPid = pids.get(removed?.metadata.name ?? '');
    expect(removedPid).toBeDefined();
    expect(alive(removedPid ?? 0)).toBe(false);
    expect(await agent.logs(NS, removed?.metadata.name ?? '', 'echo')).toContain(
      `SIGTERM received pid ${String(removedPid)}`,
    );
    expect(alive(pids.get(kept?.metadata.name ?? '') ?? 0)).toBe(true);
    await kubectl(['scale', 'deployment/web', '-n', NS, '--replicas=2']);
    await eventually(
      'two ready web pods again',
      async () => (await readyPods('app=web')).length === 2,
      90_000,
    );
  });

  it('rolls out a changed template: new pods come, old ones go, the rollout completes', async () => {
    const old = new Set((await pods('app=web')).map((p) => p.metadata.name));
    await kubectl(['set', 'env', 'deployment/web', '-n', NS, 'GREETING=two']);
    await kubectl(['rollout', 'status', 'deployment/web', '-n', NS, '--timeout=150s']);
    await eventually(
      'only new web pods remain',
      async () => {
        const now = await pods('app=web');
        return now.length === 2 && now.every((p) => !old.has(p.metadata.name));
      },
      90_000,
    );
    for (const pod of await readyPods('app=web')) {
      expect((await echo(loopbackAddress(pod.status.podIP ?? ''))).env['GREETING']).toBe('two');
    }
  });

  it('restarts a crashing container with CrashLoopBackOff', async () => {
    await apply(deployment('crashy', 1, { CRASH_AFTER_MS: '300', EXIT_CODE: '3' }));
    await eventually(
      'crashy in CrashLoopBackOff after restarts',
      async () => {
        const status = (await pods('app=crashy'))[0]?.status.containerStatuses?.[0];
        return (status?.restartCount ?? 0) >= 2 && status?.state.waiting?.reason === 'CrashLoopBackOff';
      },
      90_000,
    );
    const status = (await pods('app=crashy'))[0]?.status.containerStatuses?.[0];
    expect(status?.lastState.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    await kubectl(['delete', 'deployment/crashy', '-n', NS]);
  });

  it('restarts a container whose liveness probe fails', async () => {
    await apply(
      deployment(
        'sickly',
        1,
        {},
        {
          livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1, failureThreshold: 2 },
        },
      ),
    );
    await eventually('sickly ready', async () => (await readyPods('app=sickly')).length === 1, 90_000);
    const [pod] = await readyPods('app=sickly');
    const local = loopbackAddress(pod?.status.podIP ?? '');
    const firstPid = (await echo(local)).pid;
    await getJson(local, 8080, '/sick');
    await eventually(
      'sickly restarted by liveness',
      async () => {
        const status = (await pods('app=sickly'))[0]?.status.containerStatuses?.[0];
        return (status?.restartCount ?? 0) >= 1 && status?.ready === true;
      },
      90_000,
    );
    expect(alive(firstPid)).toBe(false);
    expect((await echo(local)).pid).not.toBe(firstPid);
  });

  it('restarts a process killed with SIGKILL', async () => {
    const [pod] = await readyPods('app=web');
    const name = pod?.metadata.name ?? '';
    const pid = agent.containerPid(NS, name, 'echo');
    if (pid === undefined || pid <= 0) throw new Error(`no process for ${name}`);
    expect(alive(pid)).toBe(true);
    process.kill(pid, 'SIGKILL');
    await eventually(
      'web container restarted',
      async () => {
        const status = (await pods('app=web')).find((p) => p.metadata.name === name)?.status
          .containerStatuses?.[0];
        const now = agent.containerPid(NS, name, 'echo');
        return (status?.restartCount ?? 0) >= 1 && status?.ready === true && now !== undefined && now !== pid;
      },
      90_000,
    );
    const status = (await pods('app=web')).find((p) => p.metadata.name === name)?.status
      .containerStatuses?.[0];
    expect(status?.lastState.terminated).toMatchObject({ exitCode: 137 });
  });

  it('reports an unknown image as ImagePullBackOff', async () => {
    await apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'no-such-image', namespace: NS, labels: { app: 'no-such-image' } },
      spec: { containers: [{ name: 'c', image: 'example.com/nope:1' }] },
    });
    await eventually(
      'ImagePullBackOff',
      async () => {
        const status = (await pods('app=no-such-image'))[0]?.status.containerStatuses?.[0];
        return status?.state.waiting?.reason === 'ImagePullBackOff';
      },
      60_000,
    );
    const [pod] = await pods('app=no-such-image');
    expect(pod?.status.phase).toBe('Pending');
    expect(pod?.status.containerStatuses?.[0]?.state.waiting?.message).toContain('example.com/nope:1');
  });

  it('leaves no process behind when it stops', async () => {
    const pids = agent.allPids();
    expect(pids.length).toBeGreaterThanOrEqual(3);
    expect(pids.every(alive)).toBe(true);
    await agent.stop();
    expect(pids.filter(alive)).toEqual([]);
    expect(await plane.refusal(['get', 'node', 'agent-it-node'])).toContain('not found');
  });
});
