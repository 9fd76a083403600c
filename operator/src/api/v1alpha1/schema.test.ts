import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  applyDefaults,
  asCustomResourceDefinition,
  crdVersion,
  isRecord,
  renderFieldsModule,
  schemaAt,
  schemaFields,
  validateAgainstSchema,
  valueFieldPaths,
  type DeepRequired,
  type FieldDrift,
  type FieldsOf,
  type SchemaNode,
} from '../crd-schema/index.js';
import type { ChatGateway } from './chat-gateway.js';
import type { ChatGatewaySpec } from './chat-gateway-spec.js';
import type { ChatGatewayStatus } from './chat-gateway-status.js';
import { ConditionReason, ConditionStatus, ConditionType } from './conditions.js';
import type { CrdSpecField, CrdStatusField } from './crd-fields.generated.js';
import { ChatGatewayResource } from './group-version.js';
import { GatewayPodLabel } from './labels.js';
import {
  DeletionPolicy,
  JwsAlgorithm,
  LogLevel,
  PullPolicy,
  SaslMechanism,
  ServiceType,
  TaintEffect,
  TolerationOperator,
} from './spec-values.js';

// The compile-time half of the check: `tsc` (make check) fails here, naming the paths, when the
// hand-written types and the CRD (through the generated module, kept current by the test below)
// disagree on a field, its type or whether it is always present.
type SpecDrift = FieldDrift<FieldsOf<ChatGatewaySpec>, CrdSpecField>;
type StatusDrift = FieldDrift<FieldsOf<ChatGatewayStatus>, CrdStatusField>;
// The template literal makes tsc print the paths themselves rather than the alias.
const specDrift: [SpecDrift] extends [never] ? 'none' : `drifted: ${SpecDrift}` = 'none';
const statusDrift: [StatusDrift] extends [never] ? 'none' : `drifted: ${StatusDrift}` = 'none';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = findUp(here, 'crds');
const crdFile = path.join(repoRoot, 'crds', 'chatgateways.cmf.io.yaml');
const crd = asCustomResourceDefinition(parse(readFileSync(crdFile, 'utf8')));
const version = crdVersion(crd, ChatGatewayResource.version);
const root = version.schema.openAPIV3Schema;
const specSchema = defined(schemaAt(root, 'spec'), 'spec');
const statusSchema = defined(schemaAt(root, 'status'), 'status');

function findUp(start: string, dir: string): string {
  for (let d = start; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, dir))) return d;
    if (path.dirname(d) === d) throw new Error(`no ${dir}/ above ${start}`);
  }
}

function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
}

function loadSample(name: string): unknown {
  return parse(readFileSync(path.join(repoRoot, 'crds', 'samples', name), 'utf8'));
}

/** Every schema node below `node` (inclusive) with its path. */
function* walk(node: SchemaNode, at: string): Generator<[string, SchemaNode]> {
  yield [at, node];
  for (const [key, child] of Object.entries(node.properties ?? {})) yield* walk(child, `${at}.${key}`);
  if (node.items !== undefined) yield* walk(node.items, `${at}[]`);
  if (typeof node.additionalProperties === 'object') yield* walk(node.additionalProperties, `${at}.*`);
}

const fullSpec = {
  image: { reference: 'ghcr.io/cmf/gateway:0.1.0', pullPolicy: 'Always', pullSecrets: [{ name: 'pull' }] },
  replicas: 3,
  autoscaling: {
    enabled: true,
    minReplicas: 3,
    maxReplicas: 20,
    targetCPUUtilizationPercentage: 60,
    targetConnectionsPerPod: 15_000,
    scaleDownStabilizationSeconds: 600,
  },
  kafka: {
    bootstrapServers: ['kafka-0.kafka:9093', '[::1]:9092'],
    topicPrefix: 'chat-prod',
    clientId: 'chat-prod',
    groupPrefix: 'chat-prod-gw',
    partitions: 12,
    replicationFactor: 3,
    retention: { messages: '168h', events: '168h', signals: '5m', receipts: '72h', dlq: '720h' },
    topicConfig: { 'min.insync.replicas': '2' },
    credentialsSecretRef: { name: 'kafka-user', usernameKey: 'user', passwordKey: 'pass' },
    saslMechanism: 'SCRAM-SHA-256',
    tls: { enabled: true, caSecretRef: { name: 'kafka-ca', key: 'ca.crt' } },
    connectTimeout: '5s',
    retry: { initial: '100ms', max: '10s' },
    maxConsumerRestarts: 3,
    deletionPolicy: 'Delete',
  },
  auth: {
    issuers: [
      {
        issuer: 'https://id.example.com',
        audience: 'cmf',
        jwksUrl: 'https://id.example.com/jwks',
        publicKeySecretRef: { name: 'keys', key: 'jwks.json' },
        algorithms: ['ES256', 'EdDSA'],
        tokenType: 'at+jwt',
      },
    ],
    allowedOrigins: ['https://chat.example.com'],
    queryToken: true,
    roomsClaim: 'chat_rooms',
    clockToleranceSeconds: 10,
    maxTokenAge: '12h',
    sidecarTimeout: '500ms',
    handshakeRateLimit: { perSecond: 5, burst: 10 },
  },
  membership: {
    url: 'https://messenger.chat.svc:8443',
    credentialsSecretRef: { name: 'messenger', key: 'token' },
    timeout: '300ms',
    cacheTtl: '10s',
    staleTtl: '2m',
    cacheMaxEntries: 5000,
    circuitBreaker: { errorThresholdPercentage: 40, volumeThreshold: 20, resetTimeout: '5s' },
  },
  limits: {
    maxFrameBytes: 32_768,
    maxSubscriptions: 64,
    maxRoomsPerFrame: 32,
    commandsPerSecond: 10,
    commandBurst: 20,
    floodCloseAfter: 30,
    maxConnections: 30_000,
    outboundHighWaterBytes: 524_288,
    typingPerSecond: 1,
  },
  history: { maxMessagesPerRoom: 50, maxAge: '2m', maxBytes: 33_554_432, dedupeWindowSize: 5000 },
  websocket: { path: '/ws' },
  heartbeat: { interval: '20s', timeout: '5s' },
  drain: { timeout: '20s', closeGrace: '3s' },
  receipts: { batchMaxSize: 100, batchMaxDelay: '100ms' },
  logLevel: 'debug',
  ingress: {
    enabled: true,
    host: 'chat.example.com',
    className: 'nginx',
    tls: { secretName: 'chat-tls' },
    annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600' },
    trustedProxies: ['10.244.0.0/16', 'fd00::/8'],
  },
  service: { type: 'LoadBalancer', port: 443, annotations: { 'example.com/lb': 'internal' } },
  resources: {
    gateway: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '2Gi' } },
    sidecar: { requests: { cpu: '50m', memory: 64 * 1024 * 1024 }, limits: { cpu: 1, memory: '128Mi' } },
  },
  scheduling: {
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [
      { key: 'dedicated', operator: 'Equal', value: 'chat', effect: 'NoExecute', tolerationSeconds: 60 },
    ],
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } },
    topologySpread: false,
    priorityClassName: 'chat-critical',
  },
  podDisruptionBudget: { enabled: true, minAvailable: '50%', maxUnavailable: 1 },
  podMetadata: { labels: { team: 'messaging' }, annotations: { 'example.com/owner': 'messaging' } },
} as const satisfies DeepRequired<ChatGatewaySpec>;

const fullStatus = {
  observedGeneration: 4,
  conditions: [
    {
      type: ConditionType.Ready,
      status: ConditionStatus.True,
      observedGeneration: 4,
      lastTransitionTime: '2025-01-01T00:00:00Z',
      reason: ConditionReason.Reconciled,
      message: 'all 3 replicas ready',
    },
  ],
  replicas: 3,
  readyReplicas: 3,
  selector: 'app.kubernetes.io/name=cmf-gateway,app.kubernetes.io/instance=chat-prod',
  endpoint: 'wss://chat.example.com/ws',
  topics: [{ name: 'chat-prod.messages', partitions: 12, created: true }],
} as const satisfies DeepRequired<ChatGatewayStatus>;

// Every field set, so validating it exercises every part of the schema. Not a sensible gateway:
// CEL rules (exactly one key source per issuer, one PDB bound) are the API server's to check.
const full: ChatGateway = {
  apiVersion: ChatGatewayResource.apiVersion,
  kind: ChatGatewayResource.kind,
  metadata: { name: 'chat-prod', namespace: 'chat' },
  spec: fullSpec,
  status: fullStatus,
};

describe('the ChatGateway CRD and the operator types', () => {
  it('agree at compile time (the generated field list is current)', async () => {
    const rendered = renderFieldsModule('crds/chatgateways.cmf.io.yaml', [
      {
        typeName: 'CrdSpecField',
        doc: 'Fields of ChatGateway spec: [path, type, presence].',
        node: specSchema,
      },
      {
        typeName: 'CrdStatusField',
        doc: 'Fields of ChatGateway status: [path, type, presence].',
        node: statusSchema,
      },
    ]);
    const target = path.join(here, 'crd-fields.generated.ts');
    const formatted = await format(rendered, { ...(await resolveConfig(target)), filepath: target });
    await expect(formatted).toMatchFileSnapshot(target);
    expect([specDrift, statusDrift]).toEqual(['none', 'none']);
  });

  it('names the resource as ChatGatewayResource says', () => {
    expect(crd.metadata.name).toBe(ChatGatewayResource.crdName);
    expect(crd.spec.group).toBe(ChatGatewayResource.group);
    expect(crd.spec.scope).toBe('Namespaced');
    expect(crd.spec.names).toMatchObject({
      kind: ChatGatewayResource.kind,
      listKind: ChatGatewayResource.listKind,
      plural: ChatGatewayResource.plural,
      singular: ChatGatewayResource.singular,
      shortNames: [ChatGatewayResource.shortName],
    });
    expect(crd.spec.versions.map((v) => [v.name, v.served, v.storage])).toEqual([
      [ChatGatewayResource.version, true, true],
    ]);
  });

  it('accepts the every-field fixture, and the fixture sets every field of the schema', () => {
    expect(validateAgainstSchema(full, root)).toEqual([]);
    const schemaPaths = (node: SchemaNode): string[] =>
      schemaFields(node)
        .map((f) => f.path)
        .sort();
    expect([...valueFieldPaths(full.spec, specSchema)].sort()).toEqual(schemaPaths(specSchema));
    expect([...valueFieldPaths(full.status, statusSchema)].sort()).toEqual(schemaPaths(statusSchema));
  });

  it('accepts both samples; the full one sets every spec field, the minimal one only what has no default', () => {
    const minimal = loadSample('chatgateway-sample.yaml');
    const complete = loadSample('chatgateway-full.yaml');
    expect(validateAgainstSchema(minimal, root)).toEqual([]);
    expect(validateAgainstSchema(complete, root)).toEqual([]);
    const spec = (doc: unknown): unknown => (isRecord(doc) ? doc['spec'] : undefined);
    // The PDB takes one of its two bounds (a CEL rule), so the full sample leaves minAvailable out.
    const exclusive = ['podDisruptionBudget.minAvailable'];
    expect([...valueFieldPaths(spec(complete), specSchema)].sort()).toEqual(
      schemaFields(specSchema)
        .map((f) => f.path)
        .filter((p) => !exclusive.includes(p))
        .sort(),
    );
    expect([...valueFieldPaths(spec(minimal), specSchema)].sort()).toEqual([
      'auth',
      'auth.issuers',
      'auth.issuers[].audience',
      'auth.issuers[].issuer',
      'auth.issuers[].jwksUrl',
      'kafka',
      'kafka.topicPrefix',
    ]);
  });

  it('defaults the minimal sample into a complete, valid ChatGateway', () => {
    const served = applyDefaults(loadSample('chatgateway-sample.yaml'), root);
    expect(validateAgainstSchema(served, root)).toEqual([]);
    const alwaysPresent = alwaysPresentPaths(specSchema);
    const servedPaths = valueFieldPaths(isRecord(served) ? served['spec'] : undefined, specSchema);
    for (const p of alwaysPresent) expect(servedPaths, p).toContain(p);
    expect(served).toMatchObject({
      spec: {
        replicas: 2,
        kafka: { topicPrefix: 'chat', partitions: 6, deletionPolicy: DeletionPolicy.Retain },
        auth: { queryToken: false, issuers: [{ algorithms: ['RS256', 'ES256', 'EdDSA'] }] },
        podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      },
    });
  });

  it('has defaults that satisfy their own schema and agree with the defaults inside them', () => {
    for (const [at, node] of walk(root, '')) {
      if (node.default === undefined) continue;
      expect(validateAgainstSchema(node.default, node), at).toEqual([]);
      // An object default is used instead of its fields' defaults, so it must not contradict them.
      if (!isRecord(node.default)) continue;
      for (const [key, value] of Object.entries(node.default)) {
        const fieldDefault = node.properties?.[key]?.default;
        if (fieldDefault !== undefined) expect(value, `${at}.${key}`).toEqual(fieldDefault);
      }
    }
  });

  it('gives every CEL rule a message and bounds every string and list it may read', () => {
    for (const [at, node] of walk(root, '')) {
      for (const rule of node['x-kubernetes-validations'] ?? []) {
        expect(rule.message ?? rule.messageExpression, `${at}: ${rule.rule}`).toBeTruthy();
      }
      if (at.startsWith('.spec') && node.type === 'array') expect(node.maxItems, at).toBeDefined();
      if (at.startsWith('.spec') && node.type === 'string' && node.enum === undefined) {
        expect(node.maxLength, at).toBeDefined();
      }
    }
  });

  it('lists the same values in each enum as the const objects', () => {
    const enumAt = (p: string): readonly unknown[] | undefined => schemaAt(specSchema, p)?.enum;
    expect(enumAt('image.pullPolicy')).toEqual(Object.values(PullPolicy));
    expect(enumAt('kafka.deletionPolicy')).toEqual(Object.values(DeletionPolicy));
    expect(enumAt('kafka.saslMechanism')).toEqual(Object.values(SaslMechanism));
    expect(schemaAt(specSchema, 'auth.issuers[].algorithms')?.items?.enum).toEqual(
      Object.values(JwsAlgorithm),
    );
    expect(enumAt('logLevel')).toEqual(Object.values(LogLevel));
    expect(enumAt('service.type')).toEqual(Object.values(ServiceType));
    expect(enumAt('scheduling.tolerations[].operator')).toEqual(Object.values(TolerationOperator));
    expect(enumAt('scheduling.tolerations[].effect')).toEqual(Object.values(TaintEffect));
    expect(schemaAt(statusSchema, 'conditions[].status')?.enum).toEqual(Object.values(ConditionStatus));
  });

  it('accepts every condition type and reason the operator writes', () => {
    const typeSchema = defined(schemaAt(statusSchema, 'conditions[].type'), 'conditions[].type');
    const reasonSchema = defined(schemaAt(statusSchema, 'conditions[].reason'), 'conditions[].reason');
    for (const type of Object.values(ConditionType))
      expect(validateAgainstSchema(type, typeSchema)).toEqual([]);
    for (const reason of Object.values(ConditionReason)) {
      expect(validateAgainstSchema(reason, reasonSchema)).toEqual([]);
    }
  });

  it('points the printer columns and the scale subresource at fields that exist', () => {
    const columns = version.additionalPrinterColumns ?? [];
    expect(columns.filter((c) => c.priority === undefined).map((c) => c.name)).toEqual([
      'Ready',
      'Replicas',
      'Ready-Replicas',
      'Endpoint',
      'Age',
    ]);
    const scale = defined(version.subresources?.scale, 'scale subresource');
    expect(version.subresources?.status).toEqual({});
    const paths = [
      ...columns.map((c) => c.jsonPath),
      scale.specReplicasPath,
      scale.statusReplicasPath,
      scale.labelSelectorPath ?? '',
    ];
    // metadata is ObjectMeta, outside the CRD's schema.
    for (const jsonPath of paths.filter((p) => !p.startsWith('.metadata.'))) {
      // `.status.conditions[?(@.type=="Ready")].status` -> `status.conditions[].status`
      const dotted = jsonPath.replace(/\[\?\(.*?\)\]/g, '[]').replace(/^\./, '');
      expect(schemaAt(root, dotted), jsonPath).toBeDefined();
    }
  });

  it('keeps the operator selector labels out of podMetadata.labels', () => {
    const rules = schemaAt(specSchema, 'podMetadata.labels')?.['x-kubernetes-validations'] ?? [];
    for (const label of Object.values(GatewayPodLabel)) {
      expect(
        rules.some((r) => r.rule.includes(`'${label}' in self`)),
        label,
      ).toBe(true);
    }
  });
});

/** Fields present whenever the spec is: always-present fields of always-present objects. */
function alwaysPresentPaths(node: SchemaNode, prefix = ''): string[] {
  const requiredKeys = node.required ?? [];
  return Object.entries(node.properties ?? {})
    .filter(([key, child]) => child.default !== undefined || requiredKeys.includes(key))
    .flatMap(([key, child]) => [
      `${prefix}${key}`,
      ...(child.type === 'object' ? alwaysPresentPaths(child, `${prefix}${key}.`) : []),
    ]);
}
