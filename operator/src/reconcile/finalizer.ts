import type { ChatGateway } from '../api/v1alpha1/index.js';
import { objectPath, type KubeApi } from '../kube/index.js';
import { ChatGatewayType } from './chat-gateway-type.js';

/** Keeps a ChatGateway until its topics are dealt with under spec.kafka.deletionPolicy. */
export const TOPICS_FINALIZER = 'cmf.io/topics';

export function hasFinalizer(gateway: ChatGateway): boolean {
  return gateway.metadata.finalizers?.includes(TOPICS_FINALIZER) ?? false;
}

/**
 * Sets the finalizers list with the resourceVersion as a precondition: a merge patch replaces
 * the whole list, so another controller's finalizer added meanwhile must make this fail (409)
 * rather than be lost. The caller retries with the fresh object.
 */
async function writeFinalizers(
  api: KubeApi,
  gateway: ChatGateway,
  finalizers: readonly string[],
): Promise<ChatGateway> {
  const { namespace = '', name = '', resourceVersion } = gateway.metadata;
  return (await api.mergePatch(objectPath(ChatGatewayType, namespace, name), {
    metadata: { finalizers, resourceVersion },
  })) as unknown as ChatGateway;
}

export function addFinalizer(api: KubeApi, gateway: ChatGateway): Promise<ChatGateway> {
  return writeFinalizers(api, gateway, [...(gateway.metadata.finalizers ?? []), TOPICS_FINALIZER]);
}

export function removeFinalizer(api: KubeApi, gateway: ChatGateway): Promise<ChatGateway> {
  return writeFinalizers(
    api,
    gateway,
    (gateway.metadata.finalizers ?? []).filter((f) => f !== TOPICS_FINALIZER),
  );
}
