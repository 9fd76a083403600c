import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane, eventually, repoRoot } from '@cmf/test-harness';
import { nullMetrics } from '../../src/admin/index.js';
import { parseOperatorConfig } from '../../src/config/index.js';
import { systemClock } from '../../src/controller/clock.js';
import { HttpKubeApi, KubeEventRecorder, loadKubeConfig, type KubeObject } from '../../src/kube/index.js';
import { createLogger } from '../../src/log/index.js';
import { Operator } from '../../src/operator.js';
import { ChatGatewayReconciler } from '../../src/reconcile/index.js';
import { InMemoryTopics } from '../support/in-memory-topics.js';
import { standInRendering } from '../support/stand-in-rendering.js';

// The runtime against a real kube-apiserver and kube-controller-manager: watches, server-side
// apply, pruning, finalizer, status and garbage collection. There is no kubelet, so gateway pods
// never become ready and Ready stays False with ReplicasUnavailable.

const NS = 'chat';
const crdFile = path.join(repoRoot, 'crds', 'chatgateways.cmf.io.yaml');
const OWNED = [
  'configmap/chat-gateway',
  'deployment/chat-gateway',
  'service/chat-gateway',
  'secret/chat-sidecar-token',
];

function gateway(name: string, spec: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'cmf.io/v1alpha1',
    kind: 'ChatGateway',
    metadata: { name, namespace: NS },
    spec: {
      kafka: { topicPrefix: name, bootstrapServers: ['127.0.0.1:9'], deletionPolicy: 'Delete' },
      auth: {
        issuers: [
          { issuer: 'https://id.example.com', audience: 'cmf', jwksUrl: 'https://id.example.com/jwks' },
        ],
      },
      ...spec,
    },
  });
}

describe('ChatGateway reconcile on a real control plane', () => {
  let plane: ControlPlane;
  let operator: Operator;
  let reconciler: ChatGatewayReconciler;
  const topics = new InMemoryTopics();

  async function get(resource: string): Promise<KubeObject | undefined> {
    const text = await plane.kubectl(['-n', NS, 'get', resource, '-o', 'json', '--ignore-not-found']);
    return text.trim() === '' ? undefined : (JSON.parse(text) as KubeObject);
  }

  async function condition(name: string, type: string): Promise<string | undefined> {
    const status = (await get(`chatgateway/${name}`))?.['status'] as
      { conditions?: { type: string; status: string; reason: string }[] } | undefined;
    const found = status?.conditions?.find((c) => c.type === type);
    return found === undefined ? undefined : `${found.status}/${found.reason}`;
  }

  beforeAll(async () => {
    plane = await ControlPlane.start();
    await plane.kubectl(['apply', '--server-side', '-f', crdFile]);
    await plane.kubectl(['wait', '--for=condition=Established', 'crd/chatgateways.cmf.io', '--timeout=60s']);
    await plane.kubectl(['create', 'namespace', NS]);
    const config = parseOperatorConfig({
      env: {
        KUBECONFIG: plane.kubeconfig,
        CMF_OPERATOR_LEADER_ELECT: 'false',
        CMF_OPERATOR_LOG_LEVEL: 'warn',
      },
      argv: [],
      hostname: 'operator-test',
    });
    const api = new HttpKubeApi(loadKubeConfig(plane.kubeconfig));
    const log = createLogger('warn');
    reconciler = new ChatGatewayReconciler({
      api,
      rendering: standInRendering,
      topics,
      events: new KubeEventRecorder(api, 'operator-test', log),
      defaults: { gatewayImage: config.gateway.image, kafkaBootstrapServers: [] },
      kafka: config.kafka,
      log,
    });
    operator = new Operator({
      config,
      api,
      reconciler,
      ownedKinds: standInRendering.ownedKinds,
      clock: systemClock,
      metrics: nullMetrics,
      log,
    });
    operator.start();
  });

  afterAll(async () => {
    await operator.stop();
    await plane.destroy();
  });

  it('creates every owned object, adds the finalizer and writes status with reasons', async () => {
    await plane.kubectl(['apply', '-f', '-'], gateway('chat'));
    await eventually('status to be written', async () => (await condition('chat', 'Ready')) !== undefined);
    for (const resource of OWNED) {
      const object = await get(resource);
      expect(object?.metadata.ownerReferences?.[0]).toMatchObject({
        kind: 'ChatGateway',
        name: 'chat',
        controller: true,
      });
      expect(object?.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('cmf-operator');
    }
    const deployment = await get('deployment/chat-gateway');
    const spec = deployment?.['spec'] as { template: { spec: { containers: { image: string }[] } } };
    expect(spec.template.spec.containers[0]?.image).toBe('ghcr.io/cmf-platform/cmf-gateway:0.1.0');
    const cgw = await get('chatgateway/chat');
    expect(cgw?.metadata.finalizers).toContain('cmf.io/topics');
    // No kubelet: the Deployment controller makes pods that never become ready.
    await eventually(
      'Ready False/ReplicasUnavailable',
      async () => (await condition('chat', 'Ready')) === 'False/ReplicasUnavailable',
    );
    expect(await condition('chat', 'TopicsReady')).toBe('True/Reconciled');
    const status = (await get('chatgateway/chat'))?.['status'] as Record<string, unknown>;
    expect(status).toMatchObject({
      observedGeneration: cgw?.metadata.generation,
      replicas: 2,
      readyReplicas: 0,
      selector: 'app.kubernetes.io/instance=chat,app.kubernetes.io/name=cmf-gateway',
      endpoint: 'ws://chat-gateway.chat.svc:80/connection/websocket',
      topics: [
        { name: 'chat.events', partitions: 6, created: true },
        { name: 'chat.messages', partitions: 6, created: true },
      ],
    });
    expect(topics.lastConnection?.brokers).toEqual(['127.0.0.1:9']);
    const events = await plane.kubectl([
      '-n',
      NS,
      'get',
      'events.events.k8s.io',
      '-o',
      'jsonpath={.items[*].reason}',
    ]);
    expect(events).toContain('Created');
    expect(events).toContain('TopicsCreated');
  });

  it('changes nothing when reconciled again with an unchanged spec', async () => {
    const versions = async () =>
      Promise.all([...OWNED, 'chatgateway/chat'].map(async (r) => (await get(r))?.metadata.resourceVersion));
    await eventually(
      'the Deployment status to settle',
      async () => (await condition('chat', 'Ready')) === 'False/ReplicasUnavailable',
    );
    await reconciler.reconcile(`${NS}/chat`);
    const before = await versions();
    await reconciler.reconcile(`${NS}/chat`);
    await reconciler.reconcile(`${NS}/chat`);
    expect(await versions()).toEqual(before);
  });

  it('brings back a deleted owned object', async () => {
    const uid = (await get('configmap/chat-gateway'))?.metadata.uid;
    await plane.kubectl(['-n', NS, 'delete', 'configmap', 'chat-gateway']);
    await eventually('the ConfigMap to come back', async () => {
      const object = await get('configmap/chat-gateway');
      return object !== undefined && object.metadata.uid !== uid;
    });
  });

  it('reverts a manual edit of a managed field', async () => {
    await plane.kubectl(['-n', NS, 'set', 'image', 'deployment/chat-gateway', 'gateway=example.com/other:1']);
    await plane.kubectl([
      '-n',
      NS,
      'patch',
      'configmap',
      'chat-gateway',
      '--type=merge',
      '-p',
      '{"data":{"CMF_LOG_LEVEL":"debug"}}',
    ]);
    await eventually('the image and the ConfigMap key to be reverted', async () => {
      const deployment = await get('deployment/chat-gateway');
      const image = (deployment?.['spec'] as { template: { spec: { containers: { image: string }[] } } })
        .template.spec.containers[0]?.image;
      const data = (await get('configmap/chat-gateway'))?.['data'] as Record<string, string>;
      return image === 'ghcr.io/cmf-platform/cmf-gateway:0.1.0' && data['CMF_LOG_LEVEL'] === 'info';
    });
  });

  it('creates the Ingress when enabled and deletes it when turned off', async () => {
    await plane.kubectl([
      '-n',
      NS,
      'patch',
      'chatgateway',
      'chat',
      '--type=merge',
      '-p',
      '{"spec":{"ingress":{"enabled":true,"host":"chat.example.com"}}}',
    ]);
    await eventually('the Ingress to exist', async () => (await get('ingress/chat-gateway')) !== undefined);
    await plane.kubectl([
      '-n',
      NS,
      'patch',
      'chatgateway',
      'chat',
      '--type=merge',
      '-p',
      '{"spec":{"ingress":{"enabled":false}}}',
    ]);
    await eventually(
      'the Ingress to be deleted',
      async () => (await get('ingress/chat-gateway')) === undefined,
    );
    const cgw = await get('chatgateway/chat');
    await eventually('observedGeneration to follow generation', async () => {
      const status = (await get('chatgateway/chat'))?.['status'] as { observedGeneration?: number };
      return status.observedGeneration === cgw?.metadata.generation;
    });
  });

  it('reports an unreachable Kafka as TopicsReady False KafkaUnreachable, and recovers', async () => {
    topics.reachable = false;
    await plane.kubectl(['-n', NS, 'annotate', 'chatgateway', 'chat', 'cmf.io/poke=1', '--overwrite']);
    await eventually(
      'TopicsReady False/KafkaUnreachable',
      async () => (await condition('chat', 'TopicsReady')) === 'False/KafkaUnreachable',
    );
    expect(await condition('chat', 'Degraded')).toBe('True/KafkaUnreachable');
    topics.reachable = true;
    // Nobody pokes it again: the backoff requeue finds Kafka back.
    await eventually(
      'TopicsReady True',
      async () => (await condition('chat', 'TopicsReady')) === 'True/Reconciled',
      120_000,
    );
  });

  it('reports a missing credentials Secret as SecretNotFound', async () => {
    await plane.kubectl(
      ['apply', '-f', '-'],
      gateway('secured', {
        kafka: {
          topicPrefix: 'secured',
          bootstrapServers: ['127.0.0.1:9'],
          credentialsSecretRef: { name: 'kafka-creds' },
        },
      }),
    );
    await eventually(
      'TopicsReady False/SecretNotFound',
      async () => (await condition('secured', 'TopicsReady')) === 'False/SecretNotFound',
    );
    await plane.kubectl([
      '-n',
      NS,
      'create',
      'secret',
      'generic',
      'kafka-creds',
      '--from-literal=username=u',
      '--from-literal=password=p',
    ]);
    await eventually(
      'TopicsReady True once the Secret exists',
      async () => (await condition('secured', 'TopicsReady')) === 'True/Reconciled',
      120_000,
    );
    expect(topics.lastConnection?.sasl).toMatchObject({ username: 'u', password: 'p' });
  });

  it('deletes created topics under deletionPolicy Delete, removes the finalizer, and the owned objects are collected', async () => {
    await plane.kubectl(['-n', NS, 'delete', 'chatgateway', 'chat', '--wait=false']);
    await eventually('the ChatGateway to be gone', async () => (await get('chatgateway/chat')) === undefined);
    expect(topics.deleted).toEqual(expect.arrayContaining(['chat.messages', 'chat.events']));
    await eventually('the garbage collector to delete the owned objects', async () => {
      const left = await Promise.all(OWNED.map((r) => get(r)));
      return left.every((o) => o === undefined);
    });
  });
});
