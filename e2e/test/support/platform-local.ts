import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ControlPlane, eventually, freePort, helm, KafkaBroker, repoRoot, runDir } from '@cmf/test-harness';
import { loopbackAddress, NodeAgent } from '../../src/node-agent/index.js';
import { ServiceProxy } from '../../src/service-proxy/index.js';
import type { JsonObject } from './chat-gateway-json.js';
import { PlatformMessenger } from './platform-messenger.js';
import type { Platform, PlatformOptions } from './platform.js';

/**
 * Host services pods must reach (Kafka, the messenger) listen here: the node agent rewrites
 * 127.0.0.1 in a pod's environment to the pod's own address, and its pod and Service addresses are
 * 127.0.x.y, so this one is neither rewritten nor ever handed to a pod.
 */
export const HOST_SERVICES_ADDRESS = '127.100.0.1';
const OPERATOR_NAMESPACE = 'cmf-system';
const MEMBERSHIP_SECRET = 'messenger-api-token';
const SERVICE_TOKEN = 'e2e-gateway-to-messenger-token-0123456789';
const CHART = path.join(repoRoot, 'charts', 'cmf');

interface PodJson {
  readonly status?: { readonly podIP?: string };
}

/**
 * The platform on this machine: a real Kafka broker and control plane (the test harness), the
 * node agent and Service proxy in this process, the messenger stand-in as a process, and the
 * operator installed by `helm install charts/cmf`, which the node agent then runs as a pod.
 */
export class LocalPlatform implements Platform {
  readonly namespace: string;
  readonly topicPrefix: string;

  private constructor(
    private readonly dir: string,
    private readonly kafka: KafkaBroker,
    private readonly plane: ControlPlane,
    private readonly agent: NodeAgent,
    private readonly proxy: ServiceProxy,
    private readonly messenger: PlatformMessenger,
    name: string,
  ) {
    this.namespace = `chat-${name}`;
    this.topicPrefix = `e2e-${name}`;
  }

  static async start(options: PlatformOptions): Promise<LocalPlatform> {
    const dir = mkdtempSync(path.join(runDir, `platform-${options.name}-`));
    const stops: (() => Promise<void>)[] = [];
    const undo = async (): Promise<void> => {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      const [kafka, plane] = await Promise.all([
        KafkaBroker.start({ host: HOST_SERVICES_ADDRESS }),
        ControlPlane.start(),
      ]);
      stops.push(
        () => kafka.destroy(),
        () => plane.destroy(),
      );
      const agent = await NodeAgent.start({
        kubeconfig: plane.kubeconfig,
        nodeName: 'cmf-e2e-node',
        stateDir: path.join(dir, 'node'),
        // Quicker than the kubelet's 10 s so a crash-looping pod shows up within a test's patience.
        backoff: { initialMs: 1000, maxMs: 10_000 },
      });
      stops.push(() => agent.stop());
      const proxy = await ServiceProxy.start({ kubeconfig: plane.kubeconfig });
      stops.push(() => proxy.stop());
      const messenger = new PlatformMessenger({
        host: HOST_SERVICES_ADDRESS,
        port: await freePort(),
        kafkaBrokers: kafka.bootstrap,
        topicPrefix: `e2e-${options.name}`,
        serviceToken: SERVICE_TOKEN,
        rooms: options.rooms,
        dir,
      });
      await messenger.start();
      stops.push(() => messenger.stop());
      const platform = new LocalPlatform(dir, kafka, plane, agent, proxy, messenger, options.name);
      await platform.installOperator();
      return platform;
    } catch (err) {
      await undo();
      throw err;
    }
  }

  get messengerUrl(): string {
    return this.messenger.url;
  }

  get kafkaBootstrap(): string {
    return this.kafka.bootstrap;
  }

  kubectl(args: readonly string[], input?: string): Promise<string> {
    return this.plane.kubectl(args, input);
  }

  chatGatewaySpec(): JsonObject {
    const messenger = this.messenger.url;
    return {
      replicas: 2,
      kafka: { topicPrefix: this.topicPrefix, partitions: 3, deletionPolicy: 'Delete' },
      auth: {
        issuers: [
          {
            issuer: 'cmf-messenger-standin',
            audience: 'cmf-gateway',
            jwksUrl: `${messenger}/.well-known/jwks.json`,
          },
        ],
      },
      membership: {
        url: messenger,
        credentialsSecretRef: { name: MEMBERSHIP_SECRET, key: 'token' },
        circuitBreaker: { resetTimeout: '2s' },
      },
      // The Service proxy publishes its address as the LoadBalancer ingress, as a cloud would.
      service: { type: 'LoadBalancer', port: 8080 },
      drain: { timeout: '5s', closeGrace: '1s' },
    };
  }

  async webSocketUrl(gateway: string): Promise<string> {
    let url = '';
    await eventually(`the Service proxy to serve ${this.namespace}/${gateway}`, () => {
      const address = this.proxy.address(this.namespace, gateway, 'ws');
      if (address !== undefined) url = `ws://${address.host}:${String(address.port)}/connection/websocket`;
      return Promise.resolve(address !== undefined);
    });
    return url;
  }

  async podMetrics(pod: string, port: number): Promise<string> {
    const json = JSON.parse(
      await this.kubectl(['-n', this.namespace, 'get', 'pod', pod, '-o', 'json']),
    ) as PodJson;
    const podIP = json.status?.podIP;
    if (podIP === undefined) throw new Error(`pod ${pod} has no IP yet`);
    const res = await fetch(`http://${loopbackAddress(podIP)}:${String(port)}/metrics`);
    return res.text();
  }

  killContainer(pod: string, container: string): Promise<void> {
    const pid = this.agent.containerPid(this.namespace, pod, container);
    if (pid === undefined) throw new Error(`container ${container} of pod ${pod} does not run here`);
    process.kill(-pid, 'SIGKILL');
    return Promise.resolve();
  }

  stopKafka(): Promise<void> {
    return this.kafka.stop();
  }

  startKafka(): Promise<void> {
    return this.kafka.restart();
  }

  stopMessenger(): Promise<void> {
    return this.messenger.stop();
  }

  startMessenger(): Promise<void> {
    return this.messenger.start();
  }

  async diagnostics(): Promise<string> {
    const parts: string[] = [];
    const safe = async (what: string, fn: () => Promise<string>): Promise<void> => {
      parts.push(`--- ${what}\n${await fn().catch((err: unknown) => String(err))}`);
    };
    await safe('pods', () => this.kubectl(['get', 'pods', '-A', '-o', 'wide']));
    await safe('chatgateways', () =>
      this.kubectl(['-n', this.namespace, 'get', 'chatgateways', '-o', 'yaml']),
    );
    const pods = (
      await this.kubectl([
        'get',
        'pods',
        '-A',
        '-o',
        'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name} {.spec.containers[*].name}{"\\n"}{end}',
      ]).catch(() => '')
    )
      .split('\n')
      .filter((line) => line !== '');
    for (const line of pods) {
      const [ref = '', ...containers] = line.split(' ');
      const [ns = '', pod = ''] = ref.split('/');
      for (const container of containers) {
        await safe(`${ref} ${container} (last 30 lines)`, async () =>
          (await this.agent.logs(ns, pod, container)).split('\n').slice(-30).join('\n'),
        );
      }
    }
    parts.push(`--- messenger (last 30 lines)\n${this.messenger.logs.split('\n').slice(-30).join('\n')}`);
    await safe('node agent errors', async () =>
      (await readFile(path.join(this.dir, 'node', 'agent.log'), 'utf8').catch(() => '')).slice(-3000),
    );
    return parts.join('\n');
  }

  async stop(): Promise<void> {
    await this.messenger.stop();
    await this.proxy.stop();
    await this.agent.stop();
    await Promise.all([this.plane.destroy(), this.kafka.destroy()]);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The chart as a user installs it; the node agent then runs the operator as a pod. */
  private async installOperator(): Promise<void> {
    await this.kubectl(['create', 'namespace', OPERATOR_NAMESPACE]);
    await this.kubectl(['create', 'namespace', this.namespace]);
    await this.kubectl([
      '-n',
      this.namespace,
      'create',
      'secret',
      'generic',
      MEMBERSHIP_SECRET,
      `--from-literal=token=${SERVICE_TOKEN}`,
    ]);
    const values = path.join(this.dir, 'cmf-values.json');
    writeFileSync(values, JSON.stringify(operatorValues(this.kafka.bootstrap)));
    const installed = await helm([
      'install',
      'cmf',
      CHART,
      '--namespace',
      OPERATOR_NAMESPACE,
      '--kubeconfig',
      this.plane.kubeconfig,
      '--values',
      values,
    ]);
    if (installed.exitCode !== 0) throw new Error(`helm install failed: ${installed.stderr}`);
    await this.kubectl([
      '-n',
      OPERATOR_NAMESPACE,
      'rollout',
      'status',
      'deployment/cmf-operator',
      '--timeout=180s',
    ]);
  }
}

/** Chart values for this machine (e2e/infra/platform.sh writes the same for `make up`). */
export function operatorValues(kafkaBootstrap: string): JsonObject {
  return {
    operator: {
      kafka: { bootstrapServers: [kafkaBootstrap] },
      resyncPeriod: '1m',
    },
  };
}
