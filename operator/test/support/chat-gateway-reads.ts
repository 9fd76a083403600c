import type { ControlPlane } from '@cmf/test-harness';
import type { KubeObject } from '../../src/kube/index.js';

// What the integration tests read back from the API server, through the pinned kubectl.

export interface GatewayStatus {
  readonly observedGeneration?: number;
  readonly conditions?: readonly { type: string; status: string; reason: string; message?: string }[];
  readonly topics?: readonly { name: string; partitions: number; created: boolean }[];
}

/** The object, or undefined when it does not exist. */
export async function getObject(
  plane: ControlPlane,
  namespace: string,
  resource: string,
): Promise<KubeObject | undefined> {
  const text = await plane.kubectl(['-n', namespace, 'get', resource, '-o', 'json', '--ignore-not-found']);
  return text.trim() === '' ? undefined : (JSON.parse(text) as KubeObject);
}

export async function gatewayStatus(
  plane: ControlPlane,
  namespace: string,
  name: string,
): Promise<GatewayStatus | undefined> {
  return (await getObject(plane, namespace, `chatgateway/${name}`))?.['status'] as GatewayStatus | undefined;
}

/** `Status/Reason` of one condition, e.g. `False/KafkaUnreachable`. */
export async function condition(
  plane: ControlPlane,
  namespace: string,
  name: string,
  type: string,
): Promise<string | undefined> {
  const found = (await gatewayStatus(plane, namespace, name))?.conditions?.find((c) => c.type === type);
  return found === undefined ? undefined : `${found.status}/${found.reason}`;
}

/** The operator has seen the current generation and its topics are in place. */
export async function reconciled(plane: ControlPlane, namespace: string, name: string): Promise<boolean> {
  const gateway = await getObject(plane, namespace, `chatgateway/${name}`);
  const status = gateway?.['status'] as GatewayStatus | undefined;
  return (
    gateway !== undefined &&
    status?.observedGeneration === gateway.metadata.generation &&
    status?.conditions?.some((c) => c.type === 'TopicsReady' && c.status === 'True') === true
  );
}

/** A ChatGateway manifest with one issuer; `spec` is merged over it. */
export function chatGateway(namespace: string, name: string, spec: Record<string, unknown> = {}): string {
  const { kafka, ...rest } = spec;
  return JSON.stringify({
    apiVersion: 'cmf.io/v1alpha1',
    kind: 'ChatGateway',
    metadata: { name, namespace },
    spec: {
      kafka: { topicPrefix: name, ...(kafka as Record<string, unknown> | undefined) },
      auth: {
        issuers: [
          { issuer: 'https://id.example.com', audience: 'cmf', jwksUrl: 'https://id.example.com/jwks' },
        ],
      },
      ...rest,
    },
  });
}

/** A JSON merge patch of one ChatGateway. */
export async function patchGateway(
  plane: ControlPlane,
  namespace: string,
  name: string,
  body: unknown,
): Promise<void> {
  await plane.kubectl([
    '-n',
    namespace,
    'patch',
    'chatgateway',
    name,
    '--type=merge',
    '-p',
    JSON.stringify(body),
  ]);
}
