import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane, eventually } from '@cmf/test-harness';

const crd = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.infra.cmf.io
spec:
  group: infra.cmf.io
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget }
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: { type: integer, minimum: 1 }
`;

describe('real Kubernetes control plane', () => {
  let plane: ControlPlane;

  beforeAll(async () => {
    plane = await ControlPlane.start();
  });

  afterAll(async () => {
    await plane.destroy();
  });

  it('answers /readyz', async () => {
    expect((await plane.kubectl(['get', '--raw', '/readyz'])).trim()).toBe('ok');
    const version = JSON.parse(await plane.kubectl(['version', '-o', 'json'])) as {
      serverVersion: { gitVersion: string };
    };
    expect(version.serverVersion.gitVersion).toMatch(/^v1\.\d+\.\d+/);
  });

  it('stores and lists objects of a new CRD, and its schema rejects bad ones', async () => {
    await plane.kubectl(['apply', '-f', '-'], crd);
    await plane.kubectl(['wait', '--for=condition=Established', 'crd/widgets.infra.cmf.io', '--timeout=60s']);
    await plane.kubectl(
      ['apply', '-f', '-'],
      'apiVersion: infra.cmf.io/v1\nkind: Widget\nmetadata: { name: w1 }\nspec: { size: 3 }\n',
    );
    const list = JSON.parse(await plane.kubectl(['get', 'widgets', '-o', 'json'])) as {
      items: { metadata: { name: string }; spec: { size: number } }[];
    };
    expect(list.items.map((i) => [i.metadata.name, i.spec.size])).toEqual([['w1', 3]]);
    await expect(
      plane.kubectl(
        ['apply', '-f', '-'],
        'apiVersion: infra.cmf.io/v1\nkind: Widget\nmetadata: { name: w2 }\nspec: { size: 0 }\n',
      ),
    ).rejects.toThrow(/spec.size/);
  });

  it('garbage-collects a ConfigMap whose owner was deleted', async () => {
    await plane.kubectl(['create', 'configmap', 'gc-owner']);
    const uid = (
      await plane.kubectl(['get', 'configmap', 'gc-owner', '-o', 'jsonpath={.metadata.uid}'])
    ).trim();
    const dependent = (name: string, ownerUid: string): string =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  ownerReferences:\n  - { apiVersion: v1, kind: ConfigMap, name: gc-owner, uid: ${ownerUid} }\n`;
    await plane.kubectl(['apply', '-f', '-'], dependent('gc-dependent', uid));
    await plane.kubectl(['create', 'configmap', 'gc-bystander']);

    await plane.kubectl(['delete', 'configmap', 'gc-owner', '--cascade=background']);
    const names = async (): Promise<string[]> =>
      (await plane.kubectl(['get', 'configmaps', '-o', 'jsonpath={.items[*].metadata.name}'])).split(/\s+/);
    await eventually('gc-dependent to be collected', async () => !(await names()).includes('gc-dependent'));
    expect(await names()).toContain('gc-bystander');
  });

  it('garbage-collects a ConfigMap created with a dangling ownerReference', async () => {
    await plane.kubectl(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: gc-orphan\n  ownerReferences:\n  - { apiVersion: v1, kind: ConfigMap, name: gone, uid: 00000000-0000-0000-0000-00000000dead }\n',
    );
    await eventually(
      'gc-orphan to be collected',
      async () =>
        (
          await plane.kubectl(['get', 'configmap', 'gc-orphan', '--ignore-not-found', '-o', 'name'])
        ).trim() === '',
    );
  });
});
