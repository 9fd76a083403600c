import type { MountMapping } from '../env/address-rewrite.js';

/**
 * Where Kubernetes mounts a pod's service account credentials (token, ca.crt, namespace). The
 * ServiceAccount admission plugin adds the `kube-api-access-*` projected volume there unless
 * automountServiceAccountToken is false for the pod or its account; its presence is the signal.
 */
export const SERVICE_ACCOUNT_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The host directory standing in for the service account mount of a container, if it has one. */
export function serviceAccountDir(mounts: readonly MountMapping[]): string | undefined {
  return mounts.find((m) => m.mountPath.replace(/\/+$/, '') === SERVICE_ACCOUNT_MOUNT)?.hostPath;
}

export interface InClusterCredentials {
  /** The API server as the node reaches it (the agent's own server URL). */
  readonly server: string;
  /** Host path of the cluster CA certificate (the volume's ca.crt). */
  readonly caFile: string;
  /** The bound service account token the volume holds. */
  readonly token: string;
  readonly namespace: string;
}

/**
 * A kubeconfig holding what in-cluster config would read. Programs here cannot use in-cluster
 * config itself: it reads the fixed path /var/run/secrets/... (not rewritten, see README.md) and
 * KUBERNETES_SERVICE_HOST, so the agent hands them this file through KUBECONFIG instead. JSON is
 * valid YAML, so every kubeconfig loader reads it.
 */
export function renderInClusterKubeconfig(credentials: InClusterCredentials): string {
  const name = 'in-cluster';
  return `${JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name, cluster: { server: credentials.server, 'certificate-authority': credentials.caFile } },
      ],
      users: [{ name, user: { token: credentials.token } }],
      contexts: [{ name, context: { cluster: name, user: name, namespace: credentials.namespace } }],
      'current-context': name,
    },
    null,
    2,
  )}\n`;
}
