import {
  gatewayEndpoint,
  ownedKinds,
  renderOwnedObjects,
  renderSidecarTokenSecret,
} from '../render/index.js';
import { desiredTopics } from '../topics/desired-topics.js';
import type { GatewayRendering } from './gateway-rendering.js';

/** The real builders of operator/src/render and operator/src/topics behind the reconciler's seam. */
export const cmfRendering: GatewayRendering = {
  renderOwnedObjects,
  ownedKinds,
  renderSidecarTokenSecret,
  gatewayEndpoint,
  desiredTopics,
};
