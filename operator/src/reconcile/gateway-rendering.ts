import type { ChatGateway } from '../api/v1alpha1/index.js';
import type { ResourceType } from '../kube/index.js';
import type { RenderedObject, RenderInput } from '../render/render-input.js';
import type { DesiredTopic } from '../topics/topic-reconciler.js';

/**
 * The pure builders the reconciler uses (operator/src/render and operator/src/topics): a seam so
 * the reconciler's unit tests can render small objects, and so the runtime never imports a
 * builder's internals.
 */
export interface GatewayRendering {
  /** Owned objects in apply order; kinds turned off in the spec are absent (and so deleted). */
  renderOwnedObjects(input: RenderInput): RenderedObject[];
  /** Every kind the operator may own, for watches and for deleting what is no longer rendered. */
  readonly ownedKinds: readonly ResourceType[];
  /** The auth sidecar's bearer token Secret: created once when absent, never changed. */
  renderSidecarTokenSecret(gateway: ChatGateway, token: string): RenderedObject;
  gatewayEndpoint(gateway: ChatGateway): string;
  desiredTopics(gateway: ChatGateway): DesiredTopic[];
}
