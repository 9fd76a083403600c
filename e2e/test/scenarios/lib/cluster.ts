import { eventually } from '@cmf/test-harness';
import type { JsonObject } from '../../support/chat-gateway-json.js';
import type { Platform } from '../../support/platform.js';

interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
}

interface PodJson {
  readonly metadata: { readonly name: string; readonly deletionTimestamp?: string };
  readonly status?: {
    readonly conditions?: readonly Condition[];
    readonly containerStatuses?: readonly { readonly name: string; readonly restartCount: number }[];
  };
}

export interface GatewayPod {
  readonly name: string;
  readonly ready: boolean;
  readonly terminating: boolean;
  readonly restarts: Readonly<Record<string, number>>;
}

/** Creates or updates a ChatGateway (client-side apply of the whole object). */
export async function applyChatGateway(platform: Platform, name: string, spec: JsonObject): Promise<void> {
  const object = {
    apiVersion: 'cmf.io/v1alpha1',
    kind: 'ChatGateway',
    metadata: { name, namespace: platform.namespace },
    spec,
  };
  await platform.kubectl(
    ['apply', '--server-side', '--field-manager=cmf-e2e', '-f', '-'],
    JSON.stringify(object),
  );
}

async function conditions(platform: Platform, name: string): Promise<readonly Condition[]> {
  const json = JSON.parse(
    await platform.kubectl(['-n', platform.namespace, 'get', 'chatgateway', name, '-o', 'json']),
  ) as { status?: { conditions?: Condition[] } };
  return json.status?.conditions ?? [];
}

/** Waits for Ready=True; on a timeout the error carries the platform's diagnostics. */
export async function waitReady(platform: Platform, name: string, timeoutMs = 240_000): Promise<void> {
  try {
    await eventually(
      `ChatGateway ${name} Ready`,
      async () => (await conditions(platform, name)).some((c) => c.type === 'Ready' && c.status === 'True'),
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${String(err)}\n${await platform.diagnostics()}`, { cause: err });
  }
}

/** The gateway pods of a ChatGateway (selected by the instance label the operator sets). */
export async function gatewayPods(platform: Platform, name: string): Promise<GatewayPod[]> {
  const json = JSON.parse(
    await platform.kubectl([
      '-n',
      platform.namespace,
      'get',
      'pods',
      '-l',
      `app.kubernetes.io/instance=${name},app.kubernetes.io/name=cmf-gateway`,
      '-o',
      'json',
    ]),
  ) as { items: PodJson[] };
  return json.items.map((pod) => ({
    name: pod.metadata.name,
    ready: pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    terminating: pod.metadata.deletionTimestamp !== undefined,
    restarts: Object.fromEntries((pod.status?.containerStatuses ?? []).map((c) => [c.name, c.restartCount])),
  }));
}

/** Waits until exactly `count` gateway pods exist, all ready and none terminating. */
export async function waitForPods(
  platform: Platform,
  name: string,
  count: number,
  timeoutMs = 180_000,
): Promise<GatewayPod[]> {
  let pods: GatewayPod[] = [];
  await eventually(
    `${String(count)} ready gateway pods of ${name}`,
    async () => {
      pods = await gatewayPods(platform, name);
      return pods.length === count && pods.every((p) => p.ready && !p.terminating);
    },
    timeoutMs,
  );
  return pods;
}

/** A gateway's open connections, from its own metrics. */
export async function connectionsOf(platform: Platform, pod: string): Promise<number> {
  const text = await platform.podMetrics(pod, 9090);
  const line = text.split('\n').find((l) => /^cmf_gateway_connections(\{[^}]*\})? /.test(l));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}
