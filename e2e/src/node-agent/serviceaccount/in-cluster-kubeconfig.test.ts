import { describe, expect, it } from 'vitest';
import { renderInClusterKubeconfig, serviceAccountDir } from './in-cluster-kubeconfig.js';

describe('serviceAccountDir', () => {
  it('finds the host directory of the service account mount, with or without a trailing slash', () => {
    const mounts = [
      { mountPath: '/tmp', hostPath: '/pods/p/volumes/tmp' },
      { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount/', hostPath: '/pods/p/volumes/kube-api' },
    ];
    expect(serviceAccountDir(mounts)).toBe('/pods/p/volumes/kube-api');
  });

  it('finds none when the pod opted out (no such mount)', () => {
    expect(serviceAccountDir([{ mountPath: '/var/run/secrets', hostPath: '/x' }])).toBeUndefined();
  });
});

describe('renderInClusterKubeconfig', () => {
  it('names the server, the CA file, the token and the namespace in one current context', () => {
    const config = JSON.parse(
      renderInClusterKubeconfig({
        server: 'https://127.0.0.1:6443',
        caFile: '/v/ca.crt',
        token: 'tok',
        namespace: 'cmf-system',
      }),
    ) as {
      clusters: { cluster: Record<string, string> }[];
      users: { user: Record<string, string> }[];
      contexts: { name: string; context: Record<string, string> }[];
      'current-context': string;
    };
    expect(config.clusters[0]?.cluster).toEqual({
      server: 'https://127.0.0.1:6443',
      'certificate-authority': '/v/ca.crt',
    });
    expect(config.users[0]?.user).toEqual({ token: 'tok' });
    expect(config.contexts[0]?.context['namespace']).toBe('cmf-system');
    expect(config['current-context']).toBe(config.contexts[0]?.name);
  });
});
