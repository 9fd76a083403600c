import { ChatGatewayResource } from '../api/v1alpha1/index.js';
import type { KubeObject } from '../kube/index.js';
import { objectKey } from '../kube/index.js';

/** The queue key of a ChatGateway event. */
export function gatewayKey(object: KubeObject): string | undefined {
  const { namespace, name } = object.metadata;
  return namespace === undefined || name === undefined ? undefined : objectKey(namespace, name);
}

/** The queue key of the ChatGateway that controls an owned object, if one does. */
export function ownerKey(object: KubeObject): string | undefined {
  const namespace = object.metadata.namespace;
  const owner = object.metadata.ownerReferences?.find(
    (ref) =>
      ref.controller === true &&
      ref.kind === ChatGatewayResource.kind &&
      ref.apiVersion.split('/')[0] === ChatGatewayResource.group,
  );
  return owner === undefined || namespace === undefined ? undefined : objectKey(namespace, owner.name);
}
