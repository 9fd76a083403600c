import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { eventually } from '@cmf/test-harness';
import type { JsonObject } from './chat-gateway-json.js';
import type { Platform, PlatformOptions, SeedRoom } from './platform.js';

/**
 * The platform on a kind cluster prepared by e2e/kind/run.sh: the chart's operator in cmf-system,
 * Kafka and the messenger stand-in in a shared namespace (CMF_E2E_NAMESPACE), their NodePorts and
 * a range of gateway NodePorts mapped to 127.0.0.1 by e2e/kind/cluster.yaml. Each scenario file
 * gets its own namespace and topic prefix; the messenger is switched to them (and to the file's
 * rooms) by a rollout, so rooms come back with it after a stop and start.
 */

export const KindPlatformErrorCode = {
  MissingSetting: 'KIND_MISSING_SETTING',
  InvalidSetting: 'KIND_INVALID_SETTING',
  CommandFailed: 'KIND_COMMAND_FAILED',
  NodePortsExhausted: 'KIND_NODE_PORTS_EXHAUSTED',
  NoSuchContainer: 'KIND_NO_SUCH_CONTAINER',
} as const;
export type KindPlatformErrorCode = (typeof KindPlatformErrorCode)[keyof typeof KindPlatformErrorCode];

export class KindPlatformError extends Error {
  constructor(
    readonly code: KindPlatformErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KindPlatformError';
  }
}

export interface PortRange {
  readonly first: number;
  readonly last: number;
}

/** What run.sh hands the scenarios, validated once. */
export interface KindSettings {
  readonly kubeconfig: string;
  /** Namespace of Kafka and the messenger stand-in (cmf-e2e). */
  readonly infraNamespace: string;
  readonly messengerUrl: string;
  readonly kafkaBootstrap: string;
  readonly membershipToken: string;
  /** NodePorts cluster.yaml maps to the same ports of 127.0.0.1; gateway Services get one each. */
  readonly gatewayNodePorts: PortRange;
  /** Runs commands inside a kind node container (docker or podman, as kind's provider). */
  readonly nodeRuntime: string;
}

function required(env: Readonly<Record<string, string | undefined>>, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new KindPlatformError(
      KindPlatformErrorCode.MissingSetting,
      `${name} is not set (e2e/kind/run.sh sets it)`,
    );
  }
  return value;
}

export function parsePortRange(name: string, text: string): PortRange {
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(text);
  const first = Number(match?.[1]);
  const last = Number(match?.[2]);
  if (match === null || first < 30000 || last > 32767 || first > last) {
    throw new KindPlatformError(
      KindPlatformErrorCode.InvalidSetting,
      `${name}=${text}: expected FIRST-LAST inside the NodePort range 30000-32767`,
    );
  }
  return { first, last };
}

/** Settings from a variable map (process.env in the scenarios, a literal map in tests). */
export function parseKindSettings(env: Readonly<Record<string, string | undefined>>): KindSettings {
  return {
    kubeconfig: required(env, 'CMF_E2E_KUBECONFIG'),
    infraNamespace: required(env, 'CMF_E2E_NAMESPACE'),
    messengerUrl: required(env, 'CMF_E2E_MESSENGER_URL').replace(/\/+$/, ''),
    kafkaBootstrap: required(env, 'CMF_E2E_KAFKA_BOOTSTRAP'),
    membershipToken: required(env, 'CMF_E2E_MEMBERSHIP_TOKEN'),
    gatewayNodePorts: parsePortRange(
      'CMF_E2E_GATEWAY_NODE_PORTS',
      required(env, 'CMF_E2E_GATEWAY_NODE_PORTS'),
    ),
    nodeRuntime: env['CMF_E2E_NODE_RUNTIME'] ?? 'docker',
  };
}

// ---- pure builders: names, arguments, objects and patches ----

const MEMBERSHIP_SECRET = 'messenger-api-token';
const JWKS_SECRET = 'messenger-jwks';
const SEED_CONFIGMAP = 'messenger-seed';
/** Pod template annotation that changes with the seed, so a new seed rolls the messenger. */
export const SEED_DIGEST_ANNOTATION = 'cmf.io/seed-sha256';
const MESSENGER_CONTAINER = 'messenger';

export const scenarioNamespace = (name: string): string => `chat-${name}`;
export const scenarioTopicPrefix = (name: string): string => `e2e-${name}`;

export function kubectlArgs(kubeconfig: string, args: readonly string[]): string[] {
  return ['--kubeconfig', kubeconfig, ...args];
}

/** The API server's proxy to a pod's port: reaches the pod without a route from the host. */
export function podMetricsPath(namespace: string, pod: string, port: number): string {
  return `/api/v1/namespaces/${namespace}/pods/${pod}:${String(port)}/proxy/metrics`;
}

export function webSocketUrlOf(hostPort: number): string {
  return `ws://127.0.0.1:${String(hostPort)}/connection/websocket`;
}

/** The seed file the stand-in reads at start (e2e/src/messenger/rooms/seed.ts). */
export function seedJson(rooms: readonly SeedRoom[]): string {
  return JSON.stringify({ rooms: rooms.map((r) => ({ roomId: r.roomId, members: [...r.members] })) });
}

export function seedConfigMap(namespace: string, rooms: readonly SeedRoom[]): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: SEED_CONFIGMAP, namespace },
    data: { 'seed.json': seedJson(rooms) },
  };
}

/**
 * Strategic merge patch of the messenger Deployment: the scenario's topic prefix (env merges by
 * name) and the seed's digest, so the pods restart and read the new seed file.
 */
export function messengerPatch(topicPrefix: string, seed: string): JsonObject {
  return {
    spec: {
      template: {
        metadata: {
          annotations: { [SEED_DIGEST_ANNOTATION]: createHash('sha256').update(seed).digest('hex') },
        },
        spec: {
          containers: [
            { name: MESSENGER_CONTAINER, env: [{ name: 'CMF_MESSENGER_TOPIC_PREFIX', value: topicPrefix }] },
          ],
        },
      },
    },
  };
}

export function secretObject(
  namespace: string,
  name: string,
  data: Readonly<Record<string, string>>,
): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'Opaque',
    stringData: data,
  };
}

export interface KindSpecInputs {
  readonly topicPrefix: string;
  readonly infraNamespace: string;
}

/**
 * The ChatGateway spec of the local target with the cluster's differences: keys from a static
 * JWKS Secret (a jwksUrl must be https or loopback, and the stand-in serves plain http in the
 * cluster), membership at the stand-in's Service, and a NodePort Service that webSocketUrl pins to
 * a port kind maps to the host. Kafka is the chart's default cluster (run.sh sets it).
 */
export function kindChatGatewaySpec(inputs: KindSpecInputs): JsonObject {
  return {
    replicas: 2,
    kafka: { topicPrefix: inputs.topicPrefix, partitions: 3, deletionPolicy: 'Delete' },
    auth: {
      issuers: [
        {
          issuer: 'cmf-messenger-standin',
          audience: 'cmf-gateway',
          publicKeySecretRef: { name: JWKS_SECRET, key: 'jwks.json' },
          algorithms: ['ES256'],
        },
      ],
    },
    membership: {
      url: `http://messenger.${inputs.infraNamespace}.svc.cluster.local:8080`,
      credentialsSecretRef: { name: MEMBERSHIP_SECRET, key: 'token' },
      circuitBreaker: { resetTimeout: '2s' },
    },
    service: { type: 'NodePort', port: 8080 },
    drain: { timeout: '5s', closeGrace: '1s' },
  };
}

interface ServicePort {
  readonly name?: string;
  readonly nodePort?: number;
}
export interface ServiceJson {
  readonly spec?: { readonly type?: string; readonly ports?: readonly ServicePort[] };
}

/** Every NodePort taken in the cluster (from `kubectl get services -A -o json`). */
export function usedNodePorts(services: { readonly items: readonly ServiceJson[] }): Set<number> {
  const used = new Set<number>();
  for (const service of services.items) {
    for (const port of service.spec?.ports ?? []) if (port.nodePort !== undefined) used.add(port.nodePort);
  }
  return used;
}

/**
 * The host-mapped NodePort a Service should have: its own when already inside the range (a second
 * call, or a Service kept across calls), else the lowest free one.
 */
export function chooseNodePort(
  range: PortRange,
  used: ReadonlySet<number>,
  current: number | undefined,
): number {
  if (current !== undefined && current >= range.first && current <= range.last) return current;
  for (let port = range.first; port <= range.last; port++) if (!used.has(port)) return port;
  throw new KindPlatformError(
    KindPlatformErrorCode.NodePortsExhausted,
    `every gateway NodePort ${String(range.first)}-${String(range.last)} is taken; map more in e2e/kind/cluster.yaml`,
  );
}

/** JSON patch setting one port's nodePort (the operator applies the Service without that field). */
export function nodePortPatch(portIndex: number, nodePort: number): string {
  return JSON.stringify([
    { op: 'replace', path: `/spec/ports/${String(portIndex)}/nodePort`, value: nodePort },
  ]);
}

export function portIndexOf(service: ServiceJson, name: string): number {
  return (service.spec?.ports ?? []).findIndex((p) => p.name === name);
}

interface ContainerStatus {
  readonly name: string;
  readonly containerID?: string;
}
export interface PodJson {
  readonly spec?: { readonly nodeName?: string };
  readonly status?: { readonly containerStatuses?: readonly ContainerStatus[] };
}

/** The node and the runtime's id of a running container (`containerd://<id>` in the pod status). */
export function containerOf(pod: PodJson, container: string): { node: string; id: string } {
  const node = pod.spec?.nodeName;
  const full = pod.status?.containerStatuses?.find((c) => c.name === container)?.containerID;
  const id = full?.replace(/^[a-z]+:\/\//, '');
  if (node === undefined || id === undefined || id === '') {
    throw new KindPlatformError(
      KindPlatformErrorCode.NoSuchContainer,
      `container ${container} is not running`,
    );
  }
  return { node, id };
}

/** The container's main process as the node sees it, from `crictl inspect` (containerd's info.pid). */
export function pidFromInspect(text: string): number {
  const pid = (JSON.parse(text) as { info?: { pid?: unknown } }).info?.pid;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 1) {
    throw new KindPlatformError(
      KindPlatformErrorCode.NoSuchContainer,
      'crictl inspect reported no process id',
    );
  }
  return pid;
}

// ---- I/O at the edge ----

/** Runs a command to completion; rejects with its stderr when it exits non-zero. */
export function runCommand(file: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(stdout);
      else {
        reject(
          new KindPlatformError(
            KindPlatformErrorCode.CommandFailed,
            `${file} ${args.join(' ')} exited ${String(code)}: ${stderr.trim()}`,
          ),
        );
      }
    });
    // A command that exits without reading its input breaks the pipe; its exit code says why.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

const ROLLOUT_TIMEOUT = '--timeout=300s';

export class KindPlatform implements Platform {
  readonly namespace: string;
  readonly topicPrefix: string;

  private constructor(
    private readonly settings: KindSettings,
    private readonly rooms: readonly SeedRoom[],
    name: string,
  ) {
    this.namespace = scenarioNamespace(name);
    this.topicPrefix = scenarioTopicPrefix(name);
  }

  static async start(options: PlatformOptions, settings: KindSettings): Promise<KindPlatform> {
    const platform = new KindPlatform(settings, options.rooms, options.name);
    await platform.prepareNamespace();
    await platform.seedMessenger();
    await platform.writeSecrets();
    return platform;
  }

  get messengerUrl(): string {
    return this.settings.messengerUrl;
  }

  get kafkaBootstrap(): string {
    return this.settings.kafkaBootstrap;
  }

  kubectl(args: readonly string[], input?: string): Promise<string> {
    return runCommand('kubectl', kubectlArgs(this.settings.kubeconfig, args), input);
  }

  chatGatewaySpec(): JsonObject {
    return kindChatGatewaySpec({
      topicPrefix: this.topicPrefix,
      infraNamespace: this.settings.infraNamespace,
    });
  }

  async webSocketUrl(gateway: string): Promise<string> {
    let service: ServiceJson = {};
    await eventually(
      `Service ${this.namespace}/${gateway} with a ws port`,
      async () => {
        const text = await this.kubectl([
          '-n',
          this.namespace,
          'get',
          'service',
          gateway,
          '-o',
          'json',
        ]).catch(() => '');
        if (text === '') return false;
        service = JSON.parse(text) as ServiceJson;
        return portIndexOf(service, 'ws') >= 0;
      },
      180_000,
    );
    const index = portIndexOf(service, 'ws');
    const current = service.spec?.ports?.[index]?.nodePort;
    const all = JSON.parse(await this.kubectl(['get', 'services', '-A', '-o', 'json'])) as {
      items: ServiceJson[];
    };
    const port = chooseNodePort(this.settings.gatewayNodePorts, usedNodePorts(all), current);
    if (port !== current) {
      await this.kubectl([
        '-n',
        this.namespace,
        'patch',
        'service',
        gateway,
        '--type',
        'json',
        '-p',
        nodePortPatch(index, port),
      ]);
    }
    const url = webSocketUrlOf(port);
    // kind's port mapping accepts TCP before kube-proxy routes the port: an HTTP answer shows it does.
    await eventually(
      `the gateway to answer on 127.0.0.1:${String(port)}`,
      async () =>
        (await fetch(url.replace(/^ws:/, 'http:'), { signal: AbortSignal.timeout(5000) }).catch(
          () => undefined,
        )) !== undefined,
      120_000,
    );
    return url;
  }

  podMetrics(pod: string, port: number): Promise<string> {
    return this.kubectl(['get', '--raw', podMetricsPath(this.namespace, pod, port)]);
  }

  /**
   * SIGKILL from the node, as the kernel's OOM killer would: inside the container the process is
   * PID 1 of its namespace, and the kernel drops SIGKILL sent to it from within, so
   * `kubectl exec ... kill -9 1` would do nothing. The kubelet then restarts the container in the
   * same pod.
   */
  async killContainer(pod: string, container: string): Promise<void> {
    const json = JSON.parse(
      await this.kubectl(['-n', this.namespace, 'get', 'pod', pod, '-o', 'json']),
    ) as PodJson;
    const { node, id } = containerOf(json, container);
    const runtime = this.settings.nodeRuntime;
    const pid = pidFromInspect(await runCommand(runtime, ['exec', node, 'crictl', 'inspect', id]));
    await runCommand(runtime, ['exec', node, 'kill', '-9', String(pid)]);
  }

  stopKafka(): Promise<void> {
    return this.scaleTo('kafka', 0);
  }

  startKafka(): Promise<void> {
    return this.scaleTo('kafka', 1);
  }

  stopMessenger(): Promise<void> {
    return this.scaleTo('messenger', 0);
  }

  async startMessenger(): Promise<void> {
    await this.scaleTo('messenger', 1);
    await this.messengerReady();
  }

  async diagnostics(): Promise<string> {
    const infra = this.settings.infraNamespace;
    const parts: string[] = [];
    const add = async (what: string, args: readonly string[]): Promise<void> => {
      parts.push(`--- ${what}\n${await this.kubectl(args).catch((err: unknown) => String(err))}`);
    };
    await add('pods', ['get', 'pods', '-A', '-o', 'wide']);
    await add('chatgateways', ['-n', this.namespace, 'get', 'chatgateways', '-o', 'yaml']);
    await add(`events in ${this.namespace}`, [
      '-n',
      this.namespace,
      'get',
      'events',
      '--sort-by=.lastTimestamp',
    ]);
    await add(`events in ${infra}`, ['-n', infra, 'get', 'events', '--sort-by=.lastTimestamp']);
    await add('operator (last 50 lines)', ['-n', 'cmf-system', 'logs', 'deploy/cmf-operator', '--tail=50']);
    await add('gateways (last 30 lines each)', [
      '-n',
      this.namespace,
      'logs',
      '-l',
      'app.kubernetes.io/name=cmf-gateway',
      '--all-containers',
      '--prefix',
      '--tail=30',
    ]);
    await add('messenger (last 30 lines)', ['-n', infra, 'logs', 'deploy/messenger', '--tail=30']);
    await add('kafka (last 30 lines)', ['-n', infra, 'logs', 'deploy/kafka', '--tail=30']);
    return parts.join('\n');
  }

  /** Deletes the scenario's namespace; its ChatGateways go first, topics with them (finalizer). */
  async stop(): Promise<void> {
    await this.kubectl([
      'delete',
      'namespace',
      this.namespace,
      '--ignore-not-found',
      '--wait=true',
      ROLLOUT_TIMEOUT,
    ]);
  }

  /** A fresh namespace: one left by an interrupted run is deleted first. */
  private async prepareNamespace(): Promise<void> {
    await this.stop();
    await this.kubectl(['create', 'namespace', this.namespace]);
  }

  /** The scenario's rooms and topic prefix, by a rollout of the shared messenger. */
  private async seedMessenger(): Promise<void> {
    const infra = this.settings.infraNamespace;
    const seed = seedJson(this.rooms);
    await this.kubectl(['apply', '-f', '-'], JSON.stringify(seedConfigMap(infra, this.rooms)));
    await this.kubectl([
      '-n',
      infra,
      'patch',
      'deployment',
      'messenger',
      '--type',
      'strategic',
      '-p',
      JSON.stringify(messengerPatch(this.topicPrefix, seed)),
    ]);
    // A messenger left at 0 by an interrupted outage scenario comes back too.
    await this.scaleTo('messenger', 1);
    await this.messengerReady();
  }

  private async writeSecrets(): Promise<void> {
    const res = await fetch(`${this.messengerUrl}/.well-known/jwks.json`);
    if (res.status !== 200) {
      throw new KindPlatformError(
        KindPlatformErrorCode.CommandFailed,
        `the messenger's JWKS answered ${String(res.status)} at ${this.messengerUrl}`,
      );
    }
    const jwks = await res.text();
    for (const secret of [
      secretObject(this.namespace, MEMBERSHIP_SECRET, { token: this.settings.membershipToken }),
      secretObject(this.namespace, JWKS_SECRET, { 'jwks.json': jwks }),
    ]) {
      await this.kubectl(['apply', '-f', '-'], JSON.stringify(secret));
    }
  }

  /** Scales a Deployment of the shared namespace and waits until it is there (1) or gone (0). */
  private async scaleTo(deployment: string, replicas: 0 | 1): Promise<void> {
    const infra = this.settings.infraNamespace;
    await this.kubectl(['-n', infra, 'scale', `deployment/${deployment}`, `--replicas=${String(replicas)}`]);
    if (replicas === 1) {
      await this.kubectl(['-n', infra, 'rollout', 'status', `deployment/${deployment}`, ROLLOUT_TIMEOUT]);
      return;
    }
    // `rollout status` says nothing of terminating pods; the process is gone only with its pod.
    await eventually(
      `every ${deployment} pod to be gone`,
      async () =>
        (await this.kubectl(['-n', infra, 'get', 'pods', '-l', `app=${deployment}`, '-o', 'name'])).trim() ===
        '',
      180_000,
    );
  }

  /** Ready through the host's NodePort, which is how the scenarios reach it. */
  private async messengerReady(): Promise<void> {
    await eventually(
      'the messenger stand-in to be ready on its NodePort',
      async () => (await fetch(`${this.messengerUrl}/readyz`).catch(() => undefined))?.status === 200,
      180_000,
    );
  }
}
