import { describe, expect, it } from 'vitest';
import { Telemetry } from '@cmf/gateway/telemetry';
import { OpenTelemetryOperatorMetrics } from '../admin/index.js';
import { CountedKubeApi } from './counted-kube-api.js';
import type { KubeApi, KubeObject } from './kube-object.js';

const object: KubeObject = { metadata: { name: 'chat' } };

/** Answers every call at once, recording which method the counter passed it on to. */
function answering(calls: string[]): KubeApi {
  const answer =
    <T>(name: string, value: T) =>
    (): Promise<T> => {
      calls.push(name);
      return Promise.resolve(value);
    };
  return {
    get: answer('get', object),
    list: answer('list', { metadata: {}, items: [] }),
    create: answer('create', object),
    replace: answer('replace', object),
    apply: answer('apply', object),
    mergePatch: answer('mergePatch', object),
    delete: answer('delete', undefined),
    watch: answer('watch', undefined),
  };
}

describe('CountedKubeApi', () => {
  it('passes every call on and counts it under its Kubernetes verb and resource', async () => {
    const calls: string[] = [];
    const telemetry = Telemetry.metricsOnly({
      service: { name: 'cmf-operator', version: 'test' },
      metricPrefix: 'cmf_operator',
    });
    const metrics = new OpenTelemetryOperatorMetrics(telemetry.meter);
    const api = new CountedKubeApi(answering(calls), (verb, resource) => {
      metrics.apiRequest(verb, resource);
    });
    const gateway = '/apis/cmf.io/v1alpha1/namespaces/chat/chatgateways/chat';

    expect(await api.get(gateway)).toBe(object);
    await api.list('/apis/apps/v1/namespaces/chat/deployments');
    await api.create('/api/v1/namespaces/chat/secrets', {});
    await api.replace('/apis/coordination.k8s.io/v1/namespaces/cmf/leases/cmf-operator', {});
    await api.apply(`${gateway}/status`, {}, 'cmf-operator');
    await api.apply('/api/v1/namespaces/chat/configmaps/chat', {}, 'cmf-operator');
    await api.mergePatch(gateway, {});
    await api.delete('/api/v1/namespaces/chat/configmaps/chat', 'uid-1');
    await api.watch('/apis/cmf.io/v1alpha1/chatgateways', {}, () => undefined, new AbortController().signal);
    await api.get(gateway);

    expect(calls).toEqual([
      'get',
      'list',
      'create',
      'replace',
      'apply',
      'apply',
      'mergePatch',
      'delete',
      'watch',
      'get',
    ]);
    const samples = (await telemetry.metricsText())
      .split('\n')
      .filter((line) => line.startsWith('cmf_operator_api_requests_total{'))
      .sort();
    expect(samples).toEqual([
      'cmf_operator_api_requests_total{verb="create",resource="secrets"} 1',
      'cmf_operator_api_requests_total{verb="delete",resource="configmaps"} 1',
      'cmf_operator_api_requests_total{verb="get",resource="chatgateways"} 2',
      'cmf_operator_api_requests_total{verb="list",resource="deployments"} 1',
      'cmf_operator_api_requests_total{verb="patch",resource="chatgateways"} 1',
      'cmf_operator_api_requests_total{verb="patch",resource="chatgateways/status"} 1',
      'cmf_operator_api_requests_total{verb="patch",resource="configmaps"} 1',
      'cmf_operator_api_requests_total{verb="update",resource="leases"} 1',
      'cmf_operator_api_requests_total{verb="watch",resource="chatgateways"} 1',
    ]);
  });

  it('counts a request that fails, since it reached the API server all the same', async () => {
    const counted: string[] = [];
    const failing: KubeApi = { ...answering([]), get: () => Promise.reject(new Error('refused')) };
    const api = new CountedKubeApi(failing, (verb, resource) => counted.push(`${verb} ${resource}`));
    await expect(api.get('/api/v1/namespaces/chat/secrets/creds')).rejects.toThrow('refused');
    expect(counted).toEqual(['get secrets']);
  });
});
