import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane, eventually, repoRoot } from '@cmf/test-harness';
import { nullMetrics } from '../../src/admin/index.js';
import type { ChatGateway } from '../../src/api/v1alpha1/index.js';
import { parseOperatorConfig } from '../../src/config/index.js';
import { systemClock } from '../../src/controller/clock.js';
import { HttpKubeApi, KubeEventRecorder, loadKubeConfig, type KubeObject } from '../../src/kube/index.js';
import { createLogger } from '../../src/log/index.js';
import { Operator } from '../../src/operator.js';
import { ChatGatewayReconciler, cmfRendering } from '../../src/reconcile/index.js';
import { CONFIG_CHECKSUM_ANNOTATION, objectNames, type RenderedObject } from '../../src/render/index.js';
import { desiredTopics } from '../../src/topics/desired-topics.js';
import { parse } from 'yaml';
import { InMemoryTopics } from '../support/in-memory-topics.js';

// The runtime with the real builders against a real kube-apiserver and kube-controller-manager:
// watches, server-side apply, pruning, finalizer, status and garbage collection. There is no
// kubelet, so gateway pods never become ready and Ready stays False with ReplicasUnavailable.

const NS = 'chat';
const IMAGE = 'ghcr.io/cmf-platform/cmf-gateway:0.1.0';
const crdFile = path.join(repoRoot, 'crds', 'chatgateways.cmf.io.yaml');
const defaults = { gatewayImage: IMAGE, kafkaBootstrapServers: [] };

function gateway(name: string, kafka: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'cmf.io/v1alpha1',
    kind: 'ChatGateway',
    metadata: { name, namespace: NS },
    spec: {
      kafka: { topicPrefix: name, bootstrapServers: ['127.0.0.1:9'], deletionPolicy: 'Delete', ...kafka },
      auth: {
        issuers: [
          { issuer: 'https://id.example.com', audience: 'cmf', jwksUrl: 'https://id.example.com/jwks' },
        ],
      },
    },
  });
}

type Containers = { spec: { template: { spec: { containers: { name: string; image: string }[] } } } };
/** The path to the trusted proxies' item schema in the CRD file, and nothing else. */
type LooseCrd = {
  spec: {
    versions: {
      schema: {
        openAPIV3Schema: {
          properties: {
            spec: {
              properties: {
                ingress: { properties: { trustedProxies: { items: Record<string, unknown> } } };
              };
            };
          };
        };
      };
    }[];
  };
};
type PodTemplate = {
  spec: {
    template: {
      metadata: { annotations: Record<string, string> };
      spec: { containers: { name: string; envFrom?: unknown[] }[] };
    };
  };
};

describe('ChatGateway reconcile on a real control plane', () => {
  let plane: ControlPlane;
  let operator: Operator;
  let reconciler: ChatGatewayReconciler;
  const topics = new InMemoryTopics();

  async function get(resource: string): Promise<KubeObject | undefined> {
    const text = await plane.kubectl(['-n', NS, 'get', resource, '-o', 'json', '--ignore-not-found']);
    return text.trim() === '' ? undefined : (JSON.parse(text) as KubeObject);
  }

  const ref = (o: RenderedObject): string =>
    `${o.kind.toLowerCase()}.${o.apiVersion.split('/').slice(0, -1).join('') || ''}/${o.metadata.name}`.replace(
      './',
      '/',
    );

  /** What the real builders render for the ChatGateway as served now (the test's oracle). */
  async function rendered(name: string): Promise<RenderedObject[]> {
    const served = (await get(`chatgateway/${name}`)) as unknown as ChatGateway;
    return cmfRendering.renderOwnedObjects({ gateway: served, defaults });
  }

  async function ownedRefs(name: string): Promise<string[]> {
    return [...(await rendered(name)).map(ref), `secret/${name}-sidecar-token`];
  }

  async function condition(name: string, type: string): Promise<string | undefined> {
    const status = (await get(`chatgateway/${name}`))?.['status'] as
      { conditions?: { type: string; status: string; reason: string }[] } | undefined;
    const found = status?.conditions?.find((c) => c.type === type);
    return found === undefined ? undefined : `${found.status}/${found.reason}`;
  }

  async function patchChat(spec: Record<string, unknown>): Promise<void> {
    await plane.kubectl([
      '-n',
      NS,
      'patch',
      'chatgateway',
      'chat',
      '--type=merge',
      '-p',
      JSON.stringify({ spec }),
    ]);
  }

  beforeAll(async () => {
    plane = await ControlPlane.start();
    await plane.kubectl(['apply', '--server-side', '-f', crdFile]);
    await plane.kubectl(['wait', '--for=condition=Established', 'crd/chatgateways.cmf.io', '--timeout=60s']);
    await plane.kubectl(['create', 'namespace', NS]);
    const config = parseOperatorConfig({
      env: { KUBECONFIG: plane.kubeconfig, CMF_OPERATOR_LEADER_ELECT: 'false' },
      argv: [],
      hostname: 'operator-test',
    });
    const api = new HttpKubeApi(loadKubeConfig(plane.kubeconfig));
    const log = createLogger('warn');
    reconciler = new ChatGatewayReconciler({
      api,
      rendering: cmfRendering,
      topics,
      events: new KubeEventRecorder(api, 'operator-test', log),
      defaults,
      kafka: config.kafka,
      log,
    });
    operator = new Operator({
      config,
      api,
      reconciler,
      ownedKinds: cmfRendering.ownedKinds,
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

  it('creates every rendered object with its spec, adds the finalizer and writes status with reasons', async () => {
    await plane.kubectl(['apply', '-f', '-'], gateway('chat'));
    await eventually(
      'Ready False/ReplicasUnavailable',
      async () => (await condition('chat', 'Ready')) === 'False/ReplicasUnavailable',
    );
    const objects = await rendered('chat');
    expect(objects.map((o) => o.kind)).toEqual(
      expect.arrayContaining(['ConfigMap', 'Deployment', 'Service', 'NetworkPolicy']),
    );
    for (const object of objects) {
      const live = await get(ref(object));
      // Every field the operator renders is on the live object as rendered (the server adds defaults).
      expect(live, ref(object)).toMatchObject(JSON.parse(JSON.stringify(object)) as Record<string, unknown>);
    }
    expect((await get('secret/chat-sidecar-token'))?.metadata.ownerReferences?.[0]).toMatchObject({
      name: 'chat',
      controller: true,
    });
    const cgw = await get('chatgateway/chat');
    expect(cgw?.metadata.finalizers).toContain('cmf.io/topics');
    expect(await condition('chat', 'TopicsReady')).toBe('True/Reconciled');
    expect(await condition('chat', 'Degraded')).toBe('True/ReplicasUnavailable');
    const served = cgw as unknown as ChatGateway;
    expect(cgw?.['status']).toMatchObject({
      observedGeneration: cgw?.metadata.generation,
      replicas: served.spec.replicas,
      readyReplicas: 0,
      selector: expect.stringContaining('app.kubernetes.io/instance=chat') as unknown,
      endpoint: cmfRendering.gatewayEndpoint(served),
      topics: desiredTopics(served)
        .map((t) => ({ name: t.name, partitions: t.partitions, created: true }))
        .sort((a, b) => a.name.localeCompare(b.name)),
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
    expect(events.split(' ')).toEqual(expect.arrayContaining(['Created', 'TopicsCreated', 'ReadyChanged']));
  });

  it('changes no resourceVersion when reconciled again with an unchanged spec', async () => {
    const refs = [...(await ownedRefs('chat')), 'chatgateway/chat'];
    const versions = async () => Promise.all(refs.map(async (r) => (await get(r))?.metadata.resourceVersion));
    await reconciler.reconcile(`${NS}/chat`);
    const before = await versions();
    expect(before.every((v) => v !== undefined)).toBe(true);
    await reconciler.reconcile(`${NS}/chat`);
    await reconciler.reconcile(`${NS}/chat`);
    expect(await versions()).toEqual(before);
  });

  it('brings back a deleted owned object', async () => {
    const configMap = (await rendered('chat')).find((o) => o.kind === 'ConfigMap');
    const resource = `configmap/${configMap?.metadata.name ?? ''}`;
    const uid = (await get(resource))?.metadata.uid;
    await plane.kubectl(['-n', NS, 'delete', resource]);
    await eventually('the ConfigMap to come back', async () => {
      const object = await get(resource);
      return object !== undefined && object.metadata.uid !== uid;
    });
  });

  it('reverts a manual edit of the container image and of a ConfigMap key', async () => {
    const objects = await rendered('chat');
    const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as RenderedObject & Containers;
    const container = deployment.spec.template.spec.containers[0];
    const configMap = objects.find((o) => o.kind === 'ConfigMap') as RenderedObject & {
      data: Record<string, string>;
    };
    const [key, value] = Object.entries(configMap.data)[0] ?? ['', ''];
    await plane.kubectl([
      '-n',
      NS,
      'set',
      'image',
      `deployment/${deployment.metadata.name}`,
      `${container?.name ?? ''}=example.com/other:1`,
    ]);
    await plane.kubectl([
      '-n',
      NS,
      'patch',
      'configmap',
      configMap.metadata.name,
      '--type=merge',
      '-p',
      JSON.stringify({ data: { [key]: 'edited' } }),
    ]);
    await eventually('the image and the ConfigMap key to be reverted', async () => {
      const live = (await get(`deployment/${deployment.metadata.name}`)) as unknown as Containers;
      const data = (await get(`configmap/${configMap.metadata.name}`))?.['data'] as Record<string, string>;
      return live.spec.template.spec.containers[0]?.image === container?.image && data[key] === value;
    });
    expect(container?.image).toBe(IMAGE);
  });

  it('creates the Ingress when enabled and deletes it when turned off; trusted proxies reach the gateway either way', async () => {
    const names = objectNames((await get('chatgateway/chat')) as unknown as ChatGateway);
    const gatewayEnv = async () =>
      ((await get(`configmap/${names.gatewayConfig}`))?.['data'] ?? {}) as Record<string, string>;
    const template = async () =>
      ((await get(`deployment/${names.deployment}`)) as unknown as PodTemplate).spec.template;
    const checksumBefore = (await template()).metadata.annotations[CONFIG_CHECKSUM_ANNOTATION];
    expect(await gatewayEnv()).not.toHaveProperty(['CMF_TRUSTED_PROXIES']);

    const trustedProxies = ['10.244.0.0/16', 'fd00:10:244::/56'];
    await patchChat({ ingress: { enabled: true, host: 'chat.example.com', trustedProxies } });
    await eventually(
      'the Ingress to exist',
      async () => (await get('ingress.networking.k8s.io/chat')) !== undefined,
    );
    await eventually(
      'CMF_TRUSTED_PROXIES in the gateway ConfigMap',
      async () => (await gatewayEnv())['CMF_TRUSTED_PROXIES'] === '10.244.0.0/16,fd00:10:244::/56',
    );
    // The gateway container takes that ConfigMap whole, and the new checksum rolls the pods.
    await eventually(
      'the pod template to carry the new config checksum',
      async () => (await template()).metadata.annotations[CONFIG_CHECKSUM_ANNOTATION] !== checksumBefore,
    );
    const gatewayContainer = (await template()).spec.containers.find((c) => c.name === 'gateway');
    expect(gatewayContainer?.envFrom).toContainEqual({ configMapRef: { name: names.gatewayConfig } });

    // Behind a load balancer the operator does not manage, the proxies stay trusted.
    await patchChat({ ingress: { enabled: false } });
    await eventually(
      'the Ingress to be deleted',
      async () => (await get('ingress.networking.k8s.io/chat')) === undefined,
    );
    expect((await gatewayEnv())['CMF_TRUSTED_PROXIES']).toBe('10.244.0.0/16,fd00:10:244::/56');

    await patchChat({ ingress: { trustedProxies: null } });
    await eventually(
      'CMF_TRUSTED_PROXIES to be gone',
      async () => !('CMF_TRUSTED_PROXIES' in (await gatewayEnv())),
    );
    await eventually('observedGeneration to follow generation', async () => {
      const cgw = await get('chatgateway/chat');
      return (
        (cgw?.['status'] as { observedGeneration?: number }).observedGeneration === cgw?.metadata.generation
      );
    });
  });

  it('reports a trusted proxy the gateway would refuse, stored under a CRD without the address rules, as Ready False InvalidSpec', async () => {
    // An API server holding a looser schema (an older CRD, a rule dropped) lets the entry through;
    // the operator must then refuse to render rather than roll pods that cannot start.
    const loose = parse(readFileSync(crdFile, 'utf8')) as LooseCrd;
    const spec = loose.spec.versions[0]?.schema.openAPIV3Schema.properties.spec;
    delete spec?.properties.ingress.properties.trustedProxies.items['x-kubernetes-validations'];
    await plane.kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify(loose));
    try {
      const names = objectNames((await get('chatgateway/chat')) as unknown as ChatGateway);
      const checksum = async () =>
        ((await get(`deployment/${names.deployment}`)) as unknown as PodTemplate).spec.template.metadata
          .annotations[CONFIG_CHECKSUM_ANNOTATION];
      const before = await checksum();
      // The looser schema takes effect shortly after the CRD update: retry until it does.
      await eventually('the looser schema to accept a host name', async () => {
        try {
          await patchChat({ ingress: { trustedProxies: ['10.244.0.0/16', 'ingress-nginx'] } });
          return true;
        } catch {
          return false;
        }
      });
      await eventually(
        'Ready False/InvalidSpec',
        async () => (await condition('chat', 'Ready')) === 'False/InvalidSpec',
      );
      const status = (await get('chatgateway/chat'))?.['status'] as {
        conditions: { type: string; message: string }[];
      };
      expect(status.conditions.find((c) => c.type === 'Ready')?.message).toContain(
        'the gateway would refuse its configuration: CMF_TRUSTED_PROXIES=10.244.0.0/16,ingress-nginx: bad entry "ingress-nginx"',
      );
      expect(await condition('chat', 'Degraded')).toBe('True/InvalidSpec');
      // Nothing was applied: the running pods keep their configuration.
      expect(await checksum()).toBe(before);
      const data = (await get(`configmap/${names.gatewayConfig}`))?.['data'] as Record<string, string>;
      expect(data).not.toHaveProperty(['CMF_TRUSTED_PROXIES']);

      // Only an edit fixes it (no backoff retries); the edit queues the ChatGateway again.
      await patchChat({ ingress: { trustedProxies: null } });
      await eventually('the fixed generation to be reconciled past InvalidSpec', async () => {
        const cgw = await get('chatgateway/chat');
        const observed = (cgw?.['status'] as { observedGeneration?: number }).observedGeneration;
        return (
          observed === cgw?.metadata.generation && (await condition('chat', 'Ready')) !== 'False/InvalidSpec'
        );
      });
      expect(await condition('chat', 'Degraded')).not.toBe('True/InvalidSpec');
    } finally {
      await plane.kubectl(['apply', '--server-side', '-f', crdFile]);
    }
  });

  it('reports an unreachable Kafka as TopicsReady False KafkaUnreachable, and recovers by itself', async () => {
    topics.reachable = false;
    await plane.kubectl(['-n', NS, 'annotate', 'chatgateway', 'chat', 'cmf.io/poke=1', '--overwrite']);
    await eventually(
      'TopicsReady False/KafkaUnreachable',
      async () => (await condition('chat', 'TopicsReady')) === 'False/KafkaUnreachable',
    );
    expect(await condition('chat', 'Degraded')).toBe('True/KafkaUnreachable');
    topics.reachable = true;
    // Nobody touches the ChatGateway again: the backoff requeue finds Kafka back.
    await eventually(
      'TopicsReady True',
      async () => (await condition('chat', 'TopicsReady')) === 'True/Reconciled',
      120_000,
    );
  });

  it('reports a missing credentials Secret as SecretNotFound until it exists', async () => {
    await plane.kubectl(
      ['apply', '-f', '-'],
      gateway('secured', { credentialsSecretRef: { name: 'kafka-creds' } }),
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
      'TopicsReady True',
      async () => (await condition('secured', 'TopicsReady')) === 'True/Reconciled',
      120_000,
    );
    expect(topics.lastConnection?.sasl).toMatchObject({ username: 'u', password: 'p' });
  });

  it('keeps the replica count when autoscaling turns on, until the HPA scales', async () => {
    const scaled = JSON.parse(gateway('scaled')) as { spec: Record<string, unknown> };
    scaled.spec['replicas'] = 3;
    await plane.kubectl(['apply', '-f', '-'], JSON.stringify(scaled));
    const deployment = `deployment/${(await rendered('scaled')).find((o) => o.kind === 'Deployment')?.metadata.name ?? ''}`;
    const replicas = async () =>
      ((await get(deployment))?.['spec'] as { replicas?: number } | undefined)?.replicas;
    await eventually('the Deployment with 3 replicas', async () => (await replicas()) === 3);

    const enable = { spec: { autoscaling: { enabled: true, minReplicas: 2 } } };
    await plane.kubectl([
      '-n',
      NS,
      'patch',
      'chatgateway',
      'scaled',
      '--type=merge',
      '-p',
      JSON.stringify(enable),
    ]);
    const hpa = (await rendered('scaled')).find((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(hpa).toBeDefined();
    await eventually('the HPA to exist and the status to follow the generation', async () => {
      const cgw = await get('chatgateway/scaled');
      const observed = (cgw?.['status'] as { observedGeneration?: number } | undefined)?.observedGeneration;
      return (
        hpa !== undefined && (await get(ref(hpa))) !== undefined && observed === cgw?.metadata.generation
      );
    });
    // The Deployment was applied without replicas; without the hand-over the server would have
    // reset them to 1 (and the HPA would then raise them to its minimum of 2).
    expect(await replicas()).toBe(3);
    const live = JSON.parse(
      await plane.kubectl(['-n', NS, 'get', deployment, '-o', 'json', '--show-managed-fields']),
    ) as {
      metadata: { managedFields: { manager: string; fieldsV1?: { 'f:spec'?: Record<string, unknown> } }[] };
    };
    const owners = live.metadata.managedFields
      .filter((entry) => entry.fieldsV1?.['f:spec']?.['f:replicas'] !== undefined)
      .map((entry) => entry.manager);
    expect(owners).toEqual(['cmf-operator-handover']);

    await reconciler.reconcile(`${NS}/scaled`);
    expect(await replicas()).toBe(3);
    await plane.kubectl(['-n', NS, 'delete', 'chatgateway', 'scaled', '--wait=false']);
  });

  it('deletes created topics under deletionPolicy Delete, removes the finalizer, and the owned objects are collected', async () => {
    const refs = await ownedRefs('chat');
    const names = desiredTopics((await get('chatgateway/chat')) as unknown as ChatGateway).map((t) => t.name);
    await plane.kubectl(['-n', NS, 'delete', 'chatgateway', 'chat', '--wait=false']);
    await eventually('the ChatGateway to be gone', async () => (await get('chatgateway/chat')) === undefined);
    expect(topics.deleted).toEqual(expect.arrayContaining(names));
    await eventually(
      'the garbage collector to delete the owned objects',
      async () => {
        const left = await Promise.all(refs.map((r) => get(r)));
        return left.every((o) => o === undefined);
      },
      120_000,
    );
  });
});
