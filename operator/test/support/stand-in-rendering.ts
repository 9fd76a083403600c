import type { ChatGateway } from '../../src/api/v1alpha1/index.js';
import type { GatewayRendering } from '../../src/reconcile/index.js';
import type { OwnerReference, RenderedObject, RenderInput } from '../../src/render/render-input.js';
import type { DesiredTopic } from '../../src/topics/topic-reconciler.js';

// A small renderer honouring the render contract (render-input.ts): owner reference, managed-by
// label, apply order, optional Ingress. It exercises the runtime on a real API server; the
// builders themselves are tested in operator/src/render.

function owner(gateway: ChatGateway): OwnerReference {
  return {
    apiVersion: gateway.apiVersion,
    kind: gateway.kind,
    name: gateway.metadata.name ?? '',
    uid: gateway.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

function meta(gateway: ChatGateway, name: string) {
  return {
    name,
    namespace: gateway.metadata.namespace ?? '',
    labels: {
      'app.kubernetes.io/name': 'cmf-gateway',
      'app.kubernetes.io/instance': gateway.metadata.name ?? '',
      'app.kubernetes.io/managed-by': 'cmf-operator',
    },
    ownerReferences: [owner(gateway)],
  };
}

function render({ gateway, defaults }: RenderInput): RenderedObject[] {
  const name = gateway.metadata.name ?? '';
  const selector = { 'app.kubernetes.io/name': 'cmf-gateway', 'app.kubernetes.io/instance': name };
  const objects: RenderedObject[] = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(gateway, `${name}-gateway`),
      data: { CMF_KAFKA_TOPIC_PREFIX: gateway.spec.kafka.topicPrefix, CMF_LOG_LEVEL: gateway.spec.logLevel },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(gateway, `${name}-gateway`),
      spec: {
        replicas: gateway.spec.replicas,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: selector },
          spec: {
            containers: [{ name: 'gateway', image: gateway.spec.image.reference ?? defaults.gatewayImage }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(gateway, `${name}-gateway`),
      spec: { selector, ports: [{ name: 'ws', port: gateway.spec.service.port, targetPort: 8080 }] },
    },
  ];
  if (gateway.spec.ingress.enabled) {
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta(gateway, `${name}-gateway`),
      spec: {
        rules: [
          {
            host: gateway.spec.ingress.host ?? 'chat.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: `${name}-gateway`, port: { name: 'ws' } } },
                },
              ],
            },
          },
        ],
      },
    });
  }
  return objects;
}

export const standInRendering: GatewayRendering = {
  renderOwnedObjects: render,
  ownedKinds: [
    { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps' },
    { apiVersion: 'v1', kind: 'Secret', plural: 'secrets' },
    { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments' },
    { apiVersion: 'v1', kind: 'Service', plural: 'services' },
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', plural: 'ingresses' },
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers' },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets' },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', plural: 'networkpolicies' },
  ],
  renderSidecarTokenSecret: (gateway, token) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(gateway, `${gateway.metadata.name ?? ''}-sidecar-token`),
    type: 'Opaque',
    stringData: { token },
  }),
  gatewayEndpoint: (gateway) =>
    `ws://${gateway.metadata.name ?? ''}-gateway.${gateway.metadata.namespace ?? ''}.svc:${gateway.spec.service.port}${gateway.spec.websocket.path}`,
  desiredTopics: (gateway): DesiredTopic[] =>
    ['messages', 'events'].map((role) => ({
      name: `${gateway.spec.kafka.topicPrefix}.${role}`,
      partitions: gateway.spec.kafka.partitions,
      configs: {},
    })),
};
