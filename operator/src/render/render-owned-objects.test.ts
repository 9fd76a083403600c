import { describe, expect, it } from 'vitest';
import { ownedKinds } from './owned-kinds.js';
import { objectNames } from './object-names.js';
import { renderOwnedObjects } from './render-owned-objects.js';
import { renderSidecarTokenSecret } from './sidecar-token-secret.js';
import { renderInput, servedGateway, SampleFile } from './test-support/chat-gateways.js';

describe('renderOwnedObjects', () => {
  it('renders the minimal sample without the optional objects, in apply order', () => {
    expect(
      renderOwnedObjects(renderInput(SampleFile.Minimal)).map((o) => `${o.kind}/${o.metadata.name}`),
    ).toEqual([
      'ConfigMap/chat-config',
      'ConfigMap/chat-sidecar-config',
      'Deployment/chat',
      'Service/chat',
      'PodDisruptionBudget/chat',
      'NetworkPolicy/chat',
    ]);
  });

  it('adds the Ingress and the HPA when enabled, and drops the PDB when disabled', () => {
    expect(renderOwnedObjects(renderInput(SampleFile.Full)).map((o) => o.kind)).toEqual([
      'ConfigMap',
      'ConfigMap',
      'Deployment',
      'Service',
      'Ingress',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'NetworkPolicy',
    ]);
    const withoutBudget = renderOwnedObjects(
      renderInput(SampleFile.Full, { podDisruptionBudget: { enabled: false } }),
    );
    expect(withoutBudget.map((o) => o.kind)).not.toContain('PodDisruptionBudget');
  });

  it('labels and owns every object, in the namespace of the ChatGateway', () => {
    const gateway = servedGateway(SampleFile.Full);
    for (const object of [
      ...renderOwnedObjects(renderInput(SampleFile.Full)),
      renderSidecarTokenSecret(gateway, 'token'),
    ]) {
      expect(object.metadata.namespace).toBe('chat');
      expect(object.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'cmf-gateway',
        'app.kubernetes.io/instance': 'chat-prod',
        'app.kubernetes.io/managed-by': 'cmf-operator',
        'app.kubernetes.io/part-of': 'cmf',
      });
      expect(object.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'cmf.io/v1alpha1',
          kind: 'ChatGateway',
          name: 'chat-prod',
          uid: gateway.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      expect(ownedKinds).toContainEqual(
        expect.objectContaining({ apiVersion: object.apiVersion, kind: object.kind }),
      );
    }
  });

  it('is deterministic and leaves its input alone', () => {
    const input = renderInput(SampleFile.Full);
    const before = structuredClone(input);
    const first = renderOwnedObjects(input);
    expect(renderOwnedObjects(input)).toEqual(first);
    expect(JSON.stringify(renderOwnedObjects(renderInput(SampleFile.Full)))).toBe(JSON.stringify(first));
    expect(input).toEqual(before);
  });

  it('derives every name from the ChatGateway name', () => {
    expect(objectNames(servedGateway(SampleFile.Minimal))).toEqual({
      deployment: 'chat',
      service: 'chat',
      ingress: 'chat',
      horizontalPodAutoscaler: 'chat',
      podDisruptionBudget: 'chat',
      networkPolicy: 'chat',
      gatewayConfig: 'chat-config',
      sidecarConfig: 'chat-sidecar-config',
      sidecarTokenSecret: 'chat-sidecar-token',
    });
  });
});
