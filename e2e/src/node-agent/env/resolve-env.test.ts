import type { V1Container } from '../kube/objects.js';
import { describe, expect, it } from 'vitest';
import { NodeAgentError, NodeAgentErrorCode } from '../errors.js';
import type { ConfigMap, Pod, Secret } from '../kube/objects.js';
import type { ConfigSources } from './config-sources.js';
import { resolveEnv } from './resolve-env.js';

const configMaps: Record<string, ConfigMap> = {
  cfg: { metadata: { name: 'cfg' }, data: { MODE: 'fast', 'bad key': 'x' } },
};
const secrets: Record<string, Secret> = {
  sec: { metadata: { name: 'sec' }, data: { TOKEN: Buffer.from('t0k').toString('base64') } },
};
const sources: ConfigSources = {
  configMap: (_ns, name) => Promise.resolve(configMaps[name]),
  secret: (_ns, name) => Promise.resolve(secrets[name]),
};
const placement = {
  podIP: '127.0.1.2',
  hostIP: '127.0.0.1',
  nodeName: 'n1',
  allocatable: { cpu: '2', memory: '4Gi' },
};

function pod(container: V1Container): Pod {
  return {
    metadata: { name: 'p', namespace: 'ns', uid: 'u-1', labels: { app: 'a' } },
    spec: { containers: [container], serviceAccountName: 'sa' },
  };
}

describe('resolveEnv', () => {
  it('applies precedence base < envFrom < env and expands against what came before', async () => {
    const container: V1Container = {
      name: 'c',
      envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CM_' }, { secretRef: { name: 'sec' } }],
      env: [
        { name: 'PATH', value: '/bin' },
        { name: 'X', value: '$(CM_MODE)/$(TOKEN)/$(LATER)' },
        { name: 'LATER', value: 'late' },
        { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
        { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'requests.memory', divisor: '1Mi' } } },
      ],
      resources: { requests: { memory: '100Mi' } },
    };
    const env = await resolveEnv(pod(container), container, placement, sources, {
      PATH: '/usr/bin',
      HOME: '/h',
    });
    expect(Object.fromEntries(env)).toEqual({
      PATH: '/bin',
      HOME: '/h',
      CM_MODE: 'fast',
      TOKEN: 't0k',
      X: 'fast/t0k/$(LATER)',
      LATER: 'late',
      IP: '127.0.1.2',
      APP: 'a',
      CPU: '2',
      MEM: '100',
    });
  });

  it('fails with a retriable config error for a missing required key, skips optional ones', async () => {
    const missing: V1Container = {
      name: 'c',
      env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'NOPE' } } }],
    };
    await expect(resolveEnv(pod(missing), missing, placement, sources)).rejects.toMatchObject({
      code: NodeAgentErrorCode.ConfigSource,
      retriable: true,
      message: "couldn't find key NOPE in ConfigMap ns/cfg",
    });
    const optional: V1Container = {
      name: 'c',
      envFrom: [{ secretRef: { name: 'absent', optional: true } }],
      env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'absent', key: 'k', optional: true } } }],
    };
    expect((await resolveEnv(pod(optional), optional, placement, sources)).size).toBe(0);
    const absent: V1Container = { name: 'c', envFrom: [{ configMapRef: { name: 'absent' } }] };
    await expect(resolveEnv(pod(absent), absent, placement, sources)).rejects.toBeInstanceOf(NodeAgentError);
  });
});
