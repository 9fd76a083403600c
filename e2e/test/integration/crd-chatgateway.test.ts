import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane, eventually } from '@cmf/test-harness';
import {
  crdFile,
  sample,
  merge,
  validSpec,
  isObject,
  type Json,
  type JsonObject,
} from '../support/chat-gateway-json.js';

// The ChatGateway CRD on a real kube-apiserver: the schema's defaults, its CEL rules (including
// transition rules, which only an update exercises), printer columns and the status and scale
// subresources. What the API server says is the truth; the operator's unit test only checks the
// TypeScript types against the same file.

/** A valid ChatGateway as JSON, with `spec` merged over the valid one. */
function gateway(name: string, spec: JsonObject = {}): string {
  return JSON.stringify({
    apiVersion: 'cmf.io/v1alpha1',
    kind: 'ChatGateway',
    metadata: { name },
    spec: merge(validSpec, spec),
  });
}

function issuer(fields: JsonObject): JsonObject {
  return { auth: { issuers: [{ issuer: 'https://id.example.com', audience: 'cmf', ...fields }] } };
}

describe('ChatGateway CRD on a real API server', () => {
  let plane: ControlPlane;

  async function getJson(resource: string): Promise<JsonObject> {
    const parsed = JSON.parse(await plane.kubectl(['get', resource, '-o', 'json'])) as Json;
    if (!isObject(parsed)) throw new Error(`${resource} is not an object`);
    return parsed;
  }

  beforeAll(async () => {
    plane = await ControlPlane.start();
    await plane.kubectl(['apply', '--server-side', '-f', crdFile]);
    await plane.kubectl(['wait', '--for=condition=Established', 'crd/chatgateways.cmf.io', '--timeout=60s']);
  });

  afterAll(async () => {
    await plane.destroy();
  });

  it('is established with its names, short name and category', async () => {
    const resources = await plane.kubectl(['api-resources', '--api-group=cmf.io', '-o', 'wide']);
    expect(resources).toMatch(/chatgateways\s+cgw\s+cmf\.io\/v1alpha1\s+true\s+ChatGateway/);
    expect(resources).toContain('cmf');
    // Descriptions are published, so `kubectl explain` documents every field (once the API
    // server's OpenAPI controller has caught up with the new CRD).
    let explained = '';
    await eventually('kubectl explain to know ChatGateway', async () => {
      explained = await plane.kubectl(['explain', 'chatgateway.spec.kafka.topicPrefix']).catch(() => '');
      return explained !== '';
    });
    expect(explained).toContain('immutable');
  });

  it('stores the minimal sample with every default filled in', async () => {
    await plane.kubectl(['apply', '-f', sample('chatgateway-sample.yaml')]);
    const spec = (await getJson('chatgateway/chat'))['spec'];
    expect(spec).toMatchObject({
      image: { pullPolicy: 'IfNotPresent' },
      replicas: 2,
      autoscaling: {
        enabled: false,
        minReplicas: 2,
        maxReplicas: 10,
        targetCPUUtilizationPercentage: 70,
        scaleDownStabilizationSeconds: 300,
      },
      kafka: {
        topicPrefix: 'chat',
        partitions: 6,
        clientId: 'cmf-gateway',
        groupPrefix: 'cmf-gateway',
        retention: { messages: '168h', events: '168h', signals: '5m', receipts: '72h', dlq: '336h' },
        saslMechanism: 'SCRAM-SHA-512',
        tls: { enabled: false },
        connectTimeout: '10s',
        retry: { initial: '300ms', max: '30s' },
        maxConsumerRestarts: 5,
        deletionPolicy: 'Retain',
      },
      auth: {
        issuers: [{ algorithms: ['RS256', 'ES256', 'EdDSA'] }],
        queryToken: false,
        roomsClaim: 'rooms',
        clockToleranceSeconds: 30,
        sidecarTimeout: '1s',
      },
      limits: {
        maxFrameBytes: 65536,
        maxSubscriptions: 128,
        commandsPerSecond: 20,
        maxConnections: 20000,
        outboundHighWaterBytes: 1048576,
      },
      history: { maxMessagesPerRoom: 100, maxAge: '5m', maxBytes: 67108864, dedupeWindowSize: 10000 },
      websocket: { path: '/connection/websocket' },
      heartbeat: { interval: '25s', timeout: '10s' },
      drain: { timeout: '25s', closeGrace: '5s' },
      receipts: { batchMaxSize: 500, batchMaxDelay: '200ms' },
      logLevel: 'info',
      ingress: { enabled: false },
      service: { type: 'ClusterIP', port: 80 },
      resources: {
        gateway: { requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '1Gi' } },
        sidecar: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
      },
      scheduling: { topologySpread: true },
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
    });
    expect(isObject(spec) && 'membership' in spec).toBe(false);
  });

  it('stores the full sample as written, defaulting only what it leaves out', async () => {
    await plane.kubectl(['apply', '-f', sample('chatgateway-full.yaml')]);
    const spec = (await getJson('chatgateway/chat-prod'))['spec'];
    expect(spec).toMatchObject({
      kafka: { topicPrefix: 'chat-prod', partitions: 24, replicationFactor: 3, tls: { enabled: true } },
      auth: {
        issuers: [
          { issuer: 'https://id.example.com/realms/chat', algorithms: ['RS256', 'ES256'] },
          { issuer: 'https://partner.example.org', publicKeySecretRef: { name: 'partner-jwt-keys' } },
        ],
      },
      membership: { circuitBreaker: { resetTimeout: '10s' } },
      scheduling: {
        affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50 }] } },
      },
      podDisruptionBudget: { enabled: true, maxUnavailable: '10%' },
    });
  });

  it('lists gateways with the Ready, Replicas, Endpoint and Age columns', async () => {
    const [header = ''] = (await plane.kubectl(['get', 'cgw'])).split('\n');
    expect(header.split(/\s+/).filter(Boolean)).toEqual([
      'NAME',
      'READY',
      'REPLICAS',
      'READY-REPLICAS',
      'ENDPOINT',
      'AGE',
    ]);
    const [wide = ''] = (await plane.kubectl(['get', 'cgw', '-o', 'wide'])).split('\n');
    expect(wide).toContain('REASON');
  });

  describe('refuses invalid gateways with a message saying what is wrong', () => {
    const cases: readonly { title: string; spec: JsonObject; message: string }[] = [
      {
        title: 'minReplicas above maxReplicas',
        spec: { autoscaling: { enabled: true, minReplicas: 5, maxReplicas: 3 } },
        message: 'autoscaling.minReplicas must be less than or equal to autoscaling.maxReplicas',
      },
      {
        title: 'an http JWKS URL to a remote host',
        spec: issuer({ jwksUrl: 'http://id.example.com/jwks' }),
        message: 'auth.issuers[].jwksUrl must be an https:// URL (http:// only to a loopback address)',
      },
      {
        title: 'an http JWKS URL to a host that only starts like loopback',
        spec: issuer({ jwksUrl: 'http://127.0.0.1.evil.example/jwks' }),
        message: 'auth.issuers[].jwksUrl must be an https:// URL',
      },
      {
        title: 'an issuer with both key sources',
        spec: issuer({
          jwksUrl: 'https://id.example.com/jwks',
          publicKeySecretRef: { name: 'k', key: 'pem' },
        }),
        message: 'set exactly one of jwksUrl or publicKeySecretRef',
      },
      {
        title: 'an issuer with no key source',
        spec: issuer({}),
        message: 'set exactly one of jwksUrl or publicKeySecretRef',
      },
      {
        title: 'static keys for an algorithm the sidecar verifies only through a JWKS',
        spec: issuer({ publicKeySecretRef: { name: 'k', key: 'pem' }, algorithms: ['ES256', 'PS256'] }),
        message: 'static keys (publicKeySecretRef) verify RS256, ES256 and EdDSA only',
      },
      {
        title: 'an enabled ingress without a host',
        spec: { ingress: { enabled: true } },
        message: 'ingress.host is required when ingress.enabled is true',
      },
      {
        title: 'a host name as a trusted proxy',
        spec: { ingress: { trustedProxies: ['10.0.0.0/8', 'ingress-nginx.example'] } },
        message: 'ingress.trustedProxies entries must be IPv4 or IPv6 addresses or CIDRs',
      },
      {
        title: 'a trusted proxy CIDR with a prefix longer than its address',
        spec: { ingress: { trustedProxies: ['10.0.0.0/33'] } },
        message: 'ingress.trustedProxies entries must be IPv4 or IPv6 addresses or CIDRs',
      },
      {
        title: 'a trusted proxy with an IPv6 zone',
        spec: { ingress: { trustedProxies: ['fe80::1%eth0'] } },
        message: 'ingress.trustedProxies entries must be IPv4 or IPv6 addresses or CIDRs',
      },
      {
        title: 'a trusted proxy in IPv4-mapped IPv6 form',
        spec: { ingress: { trustedProxies: ['::ffff:10.0.0.1'] } },
        message: 'ingress.trustedProxies entries must be IPv4 or IPv6 addresses or CIDRs',
      },
      {
        title: 'a trusted proxy with a leading zero',
        spec: { ingress: { trustedProxies: ['10.0.0.010'] } },
        message: 'ingress.trustedProxies entries must be IPv4 or IPv6 addresses or CIDRs',
      },
      {
        title: 'a trusted proxy CIDR with bits set past its prefix',
        spec: { ingress: { trustedProxies: ['10.244.1.0/16'] } },
        message: 'ingress.trustedProxies CIDRs must have no address bits set past the prefix length',
      },
      {
        title: 'a connection target above the per-pod connection limit',
        spec: {
          autoscaling: { enabled: true, targetConnectionsPerPod: 30000 },
          limits: { maxConnections: 20000 },
        },
        message: 'autoscaling.targetConnectionsPerPod must not exceed limits.maxConnections',
      },
      {
        title: 'messages retention shorter than the recovery window',
        spec: { kafka: { retention: { messages: '2m' } }, history: { maxAge: '10m' } },
        message: 'kafka.retention.messages must be at least history.maxAge',
      },
      {
        title: 'recovery history as large as the memory limit',
        spec: { history: { maxBytes: 1073741824 }, resources: { gateway: { limits: { memory: '1Gi' } } } },
        message: 'history.maxBytes must be below resources.gateway.limits.memory',
      },
      {
        title: 'a request above its limit',
        spec: { resources: { sidecar: { requests: { memory: '256Mi' }, limits: { memory: '128Mi' } } } },
        message: 'every resource request must be less than or equal to its limit',
      },
      {
        title: 'a drain timeout within the close grace',
        spec: { drain: { timeout: '5s', closeGrace: '5s' } },
        message: 'drain.timeout must exceed drain.closeGrace',
      },
      {
        title: 'a retry maximum below the initial delay',
        spec: { kafka: { retry: { initial: '5s', max: '1s' } } },
        message: 'kafka.retry.max must be at least kafka.retry.initial',
      },
      {
        title: 'both PodDisruptionBudget bounds',
        spec: { podDisruptionBudget: { minAvailable: 1, maxUnavailable: 1 } },
        message: 'set at most one of podDisruptionBudget.minAvailable and podDisruptionBudget.maxUnavailable',
      },
      {
        title: 'a PodDisruptionBudget bound that is neither a count nor a percentage',
        spec: { podDisruptionBudget: { maxUnavailable: 'half' } },
        message: 'must be a non-negative integer or a percentage such as "25%"',
      },
      {
        title: 'retention.ms in topicConfig',
        spec: { kafka: { topicConfig: { 'retention.ms': '1000' } } },
        message: 'kafka.topicConfig must not set retention.ms',
      },
      {
        title: 'a Kafka CA without TLS',
        spec: { kafka: { tls: { caSecretRef: { name: 'ca' } } } },
        message: 'kafka.tls.caSecretRef needs kafka.tls.enabled',
      },
      {
        title: 'the operator selector labels in podMetadata',
        spec: { podMetadata: { labels: { 'app.kubernetes.io/instance': 'other' } } },
        message: 'podMetadata.labels must not set app.kubernetes.io/name, /instance or',
      },
      {
        title: 'a handshake burst below the rate',
        spec: { auth: { handshakeRateLimit: { perSecond: 10, burst: 5 } } },
        message: 'auth.handshakeRateLimit.burst must be at least perSecond',
      },
      {
        title: 'a heartbeat interval out of bounds',
        spec: { heartbeat: { interval: '0s' } },
        message: 'heartbeat.interval must be between 100ms and 600s',
      },
      {
        title: 'a signals retention under a minute',
        spec: { kafka: { retention: { signals: '30s' } } },
        message: 'kafka.retention.signals must be at least 1m',
      },
      {
        title: 'a membership URL that is not http',
        spec: { membership: { url: 'ftp://messenger' } },
        message: 'membership.url must be an http:// or https:// URL',
      },
      // Plain OpenAPI validation, before CEL.
      {
        title: 'a duration with days',
        spec: { history: { maxAge: '1d' } },
        message: 'spec.history.maxAge: Invalid value',
      },
      {
        title: 'a topic prefix Kafka cannot use',
        spec: { kafka: { topicPrefix: 'chat/prod' } },
        message: 'spec.kafka.topicPrefix: Invalid value',
      },
      {
        title: 'the same issuer twice',
        spec: {
          auth: {
            issuers: [
              { issuer: 'https://a', audience: 'x', jwksUrl: 'https://a/jwks' },
              { issuer: 'https://a', audience: 'y', jwksUrl: 'https://a/jwks' },
            ],
          },
        },
        message: 'Duplicate value',
      },
      {
        title: 'the same trusted proxy twice',
        spec: { ingress: { trustedProxies: ['10.244.0.0/16', '10.244.0.0/16'] } },
        message: 'spec.ingress.trustedProxies[1]: Duplicate value',
      },
      {
        title: 'more trusted proxies than a list holds',
        spec: { ingress: { trustedProxies: Array.from({ length: 33 }, (_, i) => `10.0.${i}.0/24`) } },
        message: 'spec.ingress.trustedProxies: Too many: 33: must have at most 32 items',
      },
      {
        title: 'an unknown enum value',
        spec: { kafka: { deletionPolicy: 'Purge' } },
        message: 'spec.kafka.deletionPolicy: Unsupported value: "Purge"',
      },
    ];

    it.each(cases)('$title', async ({ spec, message }) => {
      const error = await plane.refusal(['create', '--dry-run=server', '-f', '-'], gateway('bad', spec));
      expect(error).toContain(message);
    });

    it('a gateway without spec.kafka', async () => {
      const manifest = JSON.stringify({
        apiVersion: 'cmf.io/v1alpha1',
        kind: 'ChatGateway',
        metadata: { name: 'no-kafka' },
        spec: {},
      });
      expect(await plane.refusal(['create', '--dry-run=server', '-f', '-'], manifest)).toContain(
        'spec.kafka: Required value',
      );
    });
  });

  it('accepts http JWKS URLs to loopback addresses only', async () => {
    for (const jwksUrl of ['http://127.0.0.1:8080/jwks', 'http://localhost/jwks', 'http://[::1]:9000/keys']) {
      await plane.kubectl(
        ['create', '--dry-run=server', '-f', '-'],
        gateway('loopback', issuer({ jwksUrl })),
      );
    }
  });

  it('stores trusted proxies as written, IPv4 and IPv6, with or without the Ingress', async () => {
    const trustedProxies = ['10.244.0.0/16', '192.0.2.7', 'fd00:10:244::/56', '2001:db8::1'];
    for (const [name, enabled] of [
      ['proxied', true],
      ['behind-lb', false],
    ] as const) {
      const ingress = enabled ? { enabled, host: 'chat.example.com', trustedProxies } : { trustedProxies };
      await plane.kubectl(['create', '-f', '-'], gateway(name, { ingress }));
      const stored = await getJson(`chatgateway/${name}`);
      expect(stored['spec']).toMatchObject({ ingress: { enabled, trustedProxies } });
      await plane.kubectl(['delete', `chatgateway/${name}`]);
    }
  });

  describe('transition rules on update', () => {
    beforeAll(async () => {
      await plane.kubectl(
        ['create', '-f', '-'],
        gateway('evolving', { kafka: { topicPrefix: 'evolving', partitions: 6, replicationFactor: 1 } }),
      );
    });

    const patch = (body: JsonObject): string[] => [
      'patch',
      'chatgateway/evolving',
      '--type=merge',
      '-p',
      JSON.stringify({ spec: body }),
    ];

    it('lets partitions grow, never shrink', async () => {
      await plane.kubectl(patch({ kafka: { partitions: 12 } }));
      expect(await plane.refusal(patch({ kafka: { partitions: 6 } }))).toContain(
        'kafka.partitions can only grow',
      );
      expect(await plane.kubectl(['get', 'cgw/evolving', '-o', 'jsonpath={.spec.kafka.partitions}'])).toBe(
        '12',
      );
    });

    it('keeps the topic prefix', async () => {
      expect(await plane.refusal(patch({ kafka: { topicPrefix: 'renamed' } }))).toContain(
        'kafka.topicPrefix is immutable',
      );
    });

    it('keeps the replication factor, and does not let it be removed', async () => {
      expect(await plane.refusal(patch({ kafka: { replicationFactor: 3 } }))).toContain(
        'kafka.replicationFactor is immutable',
      );
      expect(await plane.refusal(patch({ kafka: { replicationFactor: null } }))).toContain(
        'kafka.replicationFactor is immutable',
      );
    });

    it('still accepts other changes', async () => {
      await plane.kubectl(patch({ replicas: 4, kafka: { retention: { messages: '72h' } } }));
    });
  });

  describe('status and scale subresources', () => {
    const status = {
      observedGeneration: 1,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          observedGeneration: 1,
          lastTransitionTime: '2025-01-01T00:00:00Z',
          reason: 'Reconciled',
          message: 'all replicas ready',
        },
      ],
      replicas: 2,
      readyReplicas: 1,
      selector: 'app.kubernetes.io/name=cmf-gateway,app.kubernetes.io/instance=status-demo',
      endpoint: 'ws://status-demo.default.svc:80/connection/websocket',
      topics: [{ name: 'status-demo.messages', partitions: 6, created: true }],
    };

    beforeAll(async () => {
      await plane.kubectl(
        ['create', '-f', '-'],
        gateway('status-demo', { kafka: { topicPrefix: 'status-demo' } }),
      );
    });

    it('takes status only through the status subresource, without bumping the generation', async () => {
      // Through the main resource, status is ignored.
      await plane.kubectl(['patch', 'cgw/status-demo', '--type=merge', '-p', JSON.stringify({ status })]);
      expect((await getJson('cgw/status-demo'))['status']).toBeUndefined();

      await plane.kubectl([
        'patch',
        'cgw/status-demo',
        '--subresource=status',
        '--type=merge',
        '-p',
        JSON.stringify({ status }),
      ]);
      const stored = await getJson('cgw/status-demo');
      expect(stored['status']).toEqual(status);
      expect(stored['metadata']).toMatchObject({ generation: 1 });
    });

    it('bumps the generation on a spec change', async () => {
      await plane.kubectl(['patch', 'cgw/status-demo', '--type=merge', '-p', '{"spec":{"replicas":3}}']);
      expect((await getJson('cgw/status-demo'))['metadata']).toMatchObject({ generation: 2 });
    });

    it('validates status too', async () => {
      const bad = { conditions: [{ ...status.conditions[0], status: 'Maybe' }] };
      expect(
        await plane.refusal([
          'patch',
          'cgw/status-demo',
          '--subresource=status',
          '--type=merge',
          '-p',
          JSON.stringify({ status: bad }),
        ]),
      ).toContain('Unsupported value: "Maybe"');
    });

    it('shows status in the printer columns', async () => {
      const row = (await plane.kubectl(['get', 'cgw/status-demo', '--no-headers'])).trim().split(/\s+/);
      expect(row.slice(0, 5)).toEqual(['status-demo', 'True', '2', '1', status.endpoint]);
    });

    it('scales through the scale subresource, with the selector from status', async () => {
      await plane.kubectl(['scale', 'cgw/status-demo', '--replicas=5']);
      expect(await plane.kubectl(['get', 'cgw/status-demo', '-o', 'jsonpath={.spec.replicas}'])).toBe('5');
      const scale = JSON.parse(
        await plane.kubectl([
          'get',
          '--raw',
          '/apis/cmf.io/v1alpha1/namespaces/default/chatgateways/status-demo/scale',
        ]),
      ) as Json;
      expect(scale).toMatchObject({
        kind: 'Scale',
        spec: { replicas: 5 },
        status: { replicas: 2, selector: status.selector },
      });
    });
  });
});
