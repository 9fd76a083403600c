import type { ChatGateway } from '../api/v1alpha1/index.js';
import { gatewayIdentity } from './object-names.js';
import { ownerReference } from './labels.js';
import type { RenderedObject } from './render-input.js';

/** metadata of a rendered object: in the ChatGateway's namespace, controlled by it. */
export function objectMeta(
  gateway: ChatGateway,
  name: string,
  labels: Readonly<Record<string, string>>,
  annotations?: Readonly<Record<string, string>>,
): RenderedObject['metadata'] {
  return {
    name,
    namespace: gatewayIdentity(gateway).namespace,
    labels,
    // Omitted rather than empty, so an apply never claims an empty map it does not mean to own.
    ...(annotations === undefined || Object.keys(annotations).length === 0 ? {} : { annotations }),
    ownerReferences: [ownerReference(gateway)],
  };
}
