import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane, eventually, repoRoot } from '@cmf/test-harness';
import type { ChatGateway } from '../../src/api/v1alpha1/index.js';
import {
  objectNames,
  renderOwnedObjects,
  renderSidecarTokenSecret,
  type OperatorDefaults,
  type RenderedObject,
} from '../../src/render/index.js';

// The builders' output on a real API server: every object of every sample ChatGateway passes
// server-side apply (schema, defaulting, admission) as the operator's field manager; the pods meet
// the `restricted` Pod Security profile; the controller manager turns the Deployment into a
// ReplicaSet; and deleting the ChatGateway garbage-collects everything through the owner references.

const NAMESPACE = 'render';
const FIELD_MANAGER = 'cmf-operator';
const crdFile = path.join(repoRoot, 'crds', 'chatgateways.cmf.io.yaml');
const samplesDir = path.join(repoRoot, 'crds', 'samples');
const samples = readdirSync(samplesDir).filter((file) => file.endsWith('.yaml'));

const defaults: OperatorDefaults = {
  gatewayImage: 'ghcr.io/cmf/gateway:0.1.0',
  kafkaBootstrapServers: ['kafka.kafka.svc:9092'],
};

function list(items: readonly unknown[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

function token(): string {
  return randomBytes(32).toString('base64url');
}

describe('rendered objects on a real API server', () => {
  let plane: ControlPlane;

  async function createSample(file: string): Promise<ChatGateway> {
    const created = await plane.kubectl([
      'create',
      '-n',
      NAMESPACE,
      '-f',
      path.join(samplesDir, file),
      '-o',
      'json',
    ]);
    return JSON.parse(created) as ChatGateway;
  }

  async function apply(objects: readonly RenderedObject[], dryRun: boolean): Promise<string> {
    const args = ['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-f', '-'];
    return plane.kubectl(dryRun ? [...args, '--dry-run=server'] : args, list(objects));
  }

  async function names(kinds: string, instance: string): Promise<string[]> {
    const out = await plane.kubectl([
      'get',
      kinds,
      '-n',
      NAMESPACE,
      '-l',
      `app.kubernetes.io/instance=${instance}`,
      '-o',
      'name',
    ]);
    return out.split('\n').filter((line) => line !== '');
  }

  beforeAll(async () => {
    plane = await ControlPlane.start();
    await plane.kubectl(['apply', '--server-side', '-f', crdFile]);
    await plane.kubectl(['wait', '--for=condition=Established', 'crd/chatgateways.cmf.io', '--timeout=60s']);
    // Enforced, so a pod that breaks the profile is refused rather than warned about.
    await plane.kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: NAMESPACE,
          labels: {
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/enforce-version': 'latest',
          },
        },
      }),
    );
    // The full sample asks for this class; pods cannot be admitted without it.
    await plane.kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: 'chat-critical' },
        value: 1000,
      }),
    );
    await eventually('the default ServiceAccount of the namespace', async () =>
      plane.kubectl(['get', 'serviceaccount', 'default', '-n', NAMESPACE]).then(
        () => true,
        () => false,
      ),
    );
  });

  afterAll(async () => {
    await plane.destroy();
  });

  it('has samples to render', () => {
    expect(samples).toContain('chatgateway-sample.yaml');
    expect(samples).toContain('chatgateway-full.yaml');
  });

  describe.each(samples)('%s', (file) => {
    let gateway: ChatGateway;
    let objects: RenderedObject[];

    beforeAll(async () => {
      gateway = await createSample(file);
      objects = [...renderOwnedObjects({ gateway, defaults }), renderSidecarTokenSecret(gateway, token())];
    });

    it('passes a server-side dry-run apply as the operator', async () => {
      expect(gateway.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      const out = await apply(objects, true);
      for (const object of objects) {
        expect(out).toContain(`${object.metadata.name} serverside-applied (server dry run)`);
      }
    });

    it('makes pods the restricted Pod Security profile admits', async () => {
      const deployment = objects.find((object) => object.kind === 'Deployment');
      const template = (deployment?.['spec'] as { template: { metadata: unknown; spec: unknown } }).template;
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { ...(template.metadata as object), name: `${objectNames(gateway).deployment}-probe` },
        spec: template.spec,
      };
      const create = ['create', '-n', NAMESPACE, '--dry-run=server', '-f', '-'];
      expect(await plane.kubectl(create, JSON.stringify(pod))).toContain('created (server dry run)');
      // The namespace does enforce the profile: the same pod without the seccomp profile is refused.
      const loose = structuredClone(pod) as { spec: { securityContext: Record<string, unknown> } };
      delete loose.spec.securityContext['seccompProfile'];
      expect(await plane.refusal(create, JSON.stringify(loose))).toContain(
        'violates PodSecurity "restricted',
      );
    });
  });

  it('runs for real: a ReplicaSet from the Deployment, no change on a second apply, garbage collection', async () => {
    const gateway = JSON.parse(
      await plane.kubectl(['get', 'chatgateway', 'chat-prod', '-n', NAMESPACE, '-o', 'json']),
    ) as ChatGateway;
    const instance = 'chat-prod';
    const objects = [
      ...renderOwnedObjects({ gateway, defaults }),
      renderSidecarTokenSecret(gateway, token()),
    ];
    await apply(objects, false);

    await eventually(
      'the controller manager to make a ReplicaSet for the Deployment',
      async () => {
        const sets = JSON.parse(
          await plane.kubectl([
            'get',
            'replicasets',
            '-n',
            NAMESPACE,
            '-l',
            `app.kubernetes.io/instance=${instance}`,
            '-o',
            'json',
          ]),
        ) as { items: { metadata: { ownerReferences?: { kind: string; name: string }[] } }[] };
        return sets.items.some((set) =>
          (set.metadata.ownerReferences ?? []).some(
            (owner) => owner.kind === 'Deployment' && owner.name === instance,
          ),
        );
      },
      90_000,
    );
    const generation = async (): Promise<string> =>
      plane.kubectl([
        'get',
        'deployment',
        instance,
        '-n',
        NAMESPACE,
        '-o',
        'jsonpath={.metadata.generation}',
      ]);
    const before = await generation();
    // Rendering again gives the same objects, and the API server sees nothing to change.
    await apply([...renderOwnedObjects({ gateway, defaults })], false);
    expect(await generation()).toBe(before);

    const kinds =
      'configmaps,secrets,deployments,services,ingresses,horizontalpodautoscalers,poddisruptionbudgets,networkpolicies';
    expect(await names(kinds, instance)).toHaveLength(objects.length);
    await plane.kubectl(['delete', 'chatgateway', instance, '-n', NAMESPACE, '--wait=true']);
    await eventually(
      'garbage collection of every object the ChatGateway owned',
      async () => (await names(`${kinds},replicasets`, instance)).length === 0,
      120_000,
    );
    // The other sample's objects were never applied for real, and its ChatGateway is untouched.
    await plane.kubectl(['get', 'chatgateway', 'chat', '-n', NAMESPACE]);
  });
});
