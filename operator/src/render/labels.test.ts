import { describe, expect, it } from 'vitest';
import type { ChatGateway } from '../api/v1alpha1/index.js';
import {
  Component,
  objectLabels,
  ownerReference,
  podLabels,
  selectorLabels,
  selectorString,
} from './labels.js';
import { RenderError } from './render-error.js';
import { servedGateway, SampleFile } from './test-support/chat-gateways.js';

describe('labels', () => {
  const gateway = servedGateway(SampleFile.Minimal);

  it('selects pods by name and instance only', () => {
    expect(selectorLabels(gateway)).toEqual({
      'app.kubernetes.io/name': 'cmf-gateway',
      'app.kubernetes.io/instance': 'chat',
    });
    expect(selectorString(gateway)).toBe(
      'app.kubernetes.io/name=cmf-gateway,app.kubernetes.io/instance=chat',
    );
  });

  it('puts the recommended labels on objects, the version only when known', () => {
    expect(objectLabels(gateway, Component.Gateway, '0.1.0')).toEqual({
      'app.kubernetes.io/name': 'cmf-gateway',
      'app.kubernetes.io/instance': 'chat',
      'app.kubernetes.io/managed-by': 'cmf-operator',
      'app.kubernetes.io/component': 'gateway',
      'app.kubernetes.io/part-of': 'cmf',
      'app.kubernetes.io/version': '0.1.0',
    });
    expect(objectLabels(gateway, Component.Auth, undefined)).not.toHaveProperty([
      'app.kubernetes.io/version',
    ]);
  });

  it('adds spec.podMetadata.labels to pods but never lets them replace the selector', () => {
    const withPodLabels: ChatGateway = {
      ...gateway,
      spec: {
        ...gateway.spec,
        podMetadata: {
          labels: {
            team: 'messaging',
            'app.kubernetes.io/part-of': 'messenger',
            'app.kubernetes.io/instance': 'x',
          },
        },
      },
    };
    const labels = podLabels(withPodLabels, undefined);
    expect(labels).toMatchObject({
      team: 'messaging',
      'app.kubernetes.io/part-of': 'messenger',
      'app.kubernetes.io/instance': 'chat',
      'app.kubernetes.io/name': 'cmf-gateway',
      'app.kubernetes.io/managed-by': 'cmf-operator',
    });
  });

  it('makes the ChatGateway the controlling owner, and needs its uid', () => {
    expect(ownerReference(gateway)).toEqual({
      apiVersion: 'cmf.io/v1alpha1',
      kind: 'ChatGateway',
      name: 'chat',
      uid: '5f0c7a8e-1d2b-4c3d-9e4f-0a1b2c3d4e5f',
      controller: true,
      blockOwnerDeletion: true,
    });
    const withoutUid: ChatGateway = { ...gateway, metadata: { name: 'chat', namespace: 'chat' } };
    expect(() => ownerReference(withoutUid)).toThrow(RenderError);
  });
});
