import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube/index.js';
import { objectIdentity } from './object-identity.js';
import { gatewayKey, ownerKey } from './watch-sources.js';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'chat',
    namespace: 'team-a',
    uid: 'uid-1',
    resourceVersion: '42',
    generation: 3,
    labels: { 'app.kubernetes.io/managed-by': 'cmf-operator' },
    annotations: { note: 'x'.repeat(1000) },
    ownerReferences: [
      { apiVersion: 'example.com/v1', kind: 'Other', name: 'other', uid: 'uid-9' },
      { apiVersion: 'cmf.io/v1alpha1', kind: 'ChatGateway', name: 'chat', uid: 'uid-0', controller: true },
    ],
    managedFields: [{ manager: 'cmf-operator', fieldsV1: { 'f:spec': {} } }],
  } as KubeObject['metadata'],
  spec: { replicas: 2, template: { spec: { containers: [{ name: 'gateway' }] } } },
  status: { readyReplicas: 2 },
};

describe('objectIdentity', () => {
  it('keeps what a relist compares and what maps a vanished object to its queue key', () => {
    expect(objectIdentity(deployment)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'chat',
        namespace: 'team-a',
        uid: 'uid-1',
        resourceVersion: '42',
        ownerReferences: [
          {
            apiVersion: 'cmf.io/v1alpha1',
            kind: 'ChatGateway',
            name: 'chat',
            uid: 'uid-0',
            controller: true,
          },
        ],
      },
    });
  });

  it('maps to the same queue keys as the whole object', () => {
    const identity = objectIdentity(deployment);
    expect(ownerKey(identity)).toBe(ownerKey(deployment));
    expect(ownerKey(identity)).toBe('team-a/chat');
    expect(gatewayKey(identity)).toBe(gatewayKey(deployment));
  });

  it('drops spec, status, labels, annotations and managedFields', () => {
    const identity = objectIdentity(deployment);
    expect(Object.keys(identity).sort()).toEqual(['apiVersion', 'kind', 'metadata']);
    expect(JSON.stringify(identity).length).toBeLessThan(JSON.stringify(deployment).length / 4);
  });

  it('leaves out what the object does not have, including a controller reference', () => {
    const gateway: KubeObject = { metadata: { name: 'chat', namespace: 'team-a' }, spec: {} };
    expect(objectIdentity(gateway)).toEqual({ metadata: { name: 'chat', namespace: 'team-a' } });
    expect(ownerKey(objectIdentity(gateway))).toBeUndefined();
  });
});
