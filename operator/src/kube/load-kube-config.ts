import { KubeConfig } from '@kubernetes/client-node';

/**
 * The kubeconfig file when one is configured, else the pod's service account. Never the
 * ~/.kube/config fallback: an operator that silently talks to a developer's cluster is worse than
 * one that refuses to start.
 */
export function loadKubeConfig(kubeconfigPath: string | undefined): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (kubeconfigPath === undefined) kubeConfig.loadFromCluster();
  else kubeConfig.loadFromFile(kubeconfigPath);
  return kubeConfig;
}
