import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane, eventually, runDir } from '@cmf/test-harness';
import { NodeAgent } from '../../src/node-agent/index.js';
import { ServiceProxy } from '../../src/service-proxy/index.js';

const NS = 'proxy-it';

/** Sends one HTTP/1.0 request over raw TCP; resolves with the reply, or '' when the proxy closed at once. */
function exchange(host: string, port: number, request = 'GET / HTTP/1.0\r\n\r\n'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    let reply = '';
    socket.on('connect', () => socket.write(request));
    socket.on('data', (c: Buffer) => (reply += c.toString()));
    socket.on('close', () => {
      resolve(reply);
    });
    socket.on('error', reject);
  });
}

describe('Service proxy on a real control plane', () => {
  let plane: ControlPlane;
  let agent: NodeAgent;
  let proxy: ServiceProxy;
  const apply = (obj: object): Promise<string> => plane.kubectl(['apply', '-f', '-'], JSON.stringify(obj));

  const stateDir = mkdtempSync(path.join(runDir, 'service-proxy-it-'));

  beforeAll(async () => {
    plane = await ControlPlane.start();
    agent = await NodeAgent.start({
      kubeconfig: plane.kubeconfig,
      nodeName: 'proxy-it-node',
      stateDir,
    });
    proxy = await ServiceProxy.start({ kubeconfig: plane.kubeconfig });
    await plane.kubectl(['create', 'namespace', NS]);
  });

  afterAll(async () => {
    await proxy.stop();
    await agent.stop();
    await plane.destroy();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('closes connections at once without ready endpoints, then balances over the pods that become ready', async () => {
    await apply({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'echo', namespace: NS },
      spec: {
        type: 'LoadBalancer',
        selector: { app: 'echo' },
        ports: [{ name: 'web', port: 8080, targetPort: 8080 }],
      },
    });
    await eventually('the Service is proxied', () =>
      Promise.resolve(proxy.address(NS, 'echo', 'web') !== undefined),
    );
    const address = proxy.address(NS, 'echo', 8080);
    if (address === undefined) throw new Error('no address');
    expect(address.host).toMatch(/^127\.0\.\d+\.\d+$/);
    expect(await exchange(address.host, address.port)).toBe('');

    const status = JSON.parse(await plane.kubectl(['get', 'service', 'echo', '-n', NS, '-o', 'json'])) as {
      status: { loadBalancer: { ingress?: { ip: string }[] } };
    };
    expect(status.status.loadBalancer.ingress?.map((i) => i.ip)).toEqual([address.host]);

    await apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'echo', namespace: NS },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'echo' } },
        template: {
          metadata: { labels: { app: 'echo' } },
          spec: {
            containers: [
              {
                name: 'echo',
                image: 'cmf.test/http-echo:1',
                env: [
                  { name: 'HOST', value: '0.0.0.0' },
                  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                ],
                readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
              },
            ],
          },
        },
      },
    });
    const pods = new Set<string>();
    await eventually(
      'connections reach all three pods',
      async () => {
        const reply = await exchange(address.host, address.port);
        const body = reply.slice(reply.indexOf('\r\n\r\n') + 4);
        if (body !== '') pods.add((JSON.parse(body) as { pod: string }).pod);
        return pods.size === 3;
      },
      120_000,
    );

    // Scaled to zero: the endpoints go, and connections are closed at once again.
    await plane.kubectl(['scale', 'deployment/echo', '-n', NS, '--replicas=0']);
    await eventually(
      'no endpoint left',
      async () => (await exchange(address.host, address.port)) === '',
      90_000,
    );
  });

  it('keeps one connection open for several exchanges, piping bytes untouched', async () => {
    await plane.kubectl(['scale', 'deployment/echo', '-n', NS, '--replicas=1']);
    const address = proxy.address(NS, 'echo', 'web');
    if (address === undefined) throw new Error('no address');
    // Two requests on one connection: the pipe stays open both ways and passes bytes as they are.
    await eventually(
      'a pod answers again',
      async () => (await exchange(address.host, address.port)) !== '',
      90_000,
    );
    const twice = await exchange(
      address.host,
      address.port,
      'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(twice.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
  });
});
