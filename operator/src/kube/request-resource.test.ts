import { describe, expect, it } from 'vitest';
import { collectionPath, CoreResources, objectPath } from './resource-type.js';
import { requestResource } from './request-resource.js';

const chatGateways = { apiVersion: 'cmf.io/v1alpha1', kind: 'ChatGateway', plural: 'chatgateways' };

describe('requestResource', () => {
  it('names the plural of core and grouped kinds, namespaced or across namespaces', () => {
    expect(requestResource(collectionPath(CoreResources.secret, 'chat'))).toBe('secrets');
    expect(requestResource(collectionPath(CoreResources.secret, undefined))).toBe('secrets');
    expect(requestResource(objectPath(CoreResources.deployment, 'chat', 'chat-gateway'))).toBe('deployments');
    expect(requestResource(objectPath(CoreResources.lease, 'cmf-system', 'cmf-operator'))).toBe('leases');
    expect(requestResource(collectionPath(chatGateways, undefined))).toBe('chatgateways');
  });

  it('keeps the subresource and drops the query', () => {
    expect(requestResource(`${objectPath(chatGateways, 'chat', 'chat')}/status`)).toBe('chatgateways/status');
    expect(requestResource('/apis/apps/v1/deployments?watch=true&resourceVersion=5')).toBe('deployments');
  });

  it('tells the Namespace kind from a namespaced collection', () => {
    expect(requestResource('/api/v1/namespaces')).toBe('namespaces');
    expect(requestResource('/api/v1/namespaces/chat')).toBe('namespaces');
    expect(requestResource('/api/v1/namespaces/chat/configmaps')).toBe('configmaps');
  });

  it('says unknown for a path that names no resource', () => {
    expect(requestResource('/apis/cmf.io/v1alpha1')).toBe('unknown');
    expect(requestResource('/version')).toBe('unknown');
  });
});
