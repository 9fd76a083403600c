import type { ChatGatewaySpec } from './chat-gateway-spec.js';
import type { ChatGatewayStatus } from './chat-gateway-status.js';
import type { ChatGatewayResource } from './group-version.js';
import type { ObjectMeta } from './object-meta.js';

/** A ChatGateway as the API server serves it (defaults applied). */
export interface ChatGateway {
  readonly apiVersion: typeof ChatGatewayResource.apiVersion;
  readonly kind: typeof ChatGatewayResource.kind;
  readonly metadata: ObjectMeta;
  readonly spec: ChatGatewaySpec;
  readonly status?: ChatGatewayStatus;
}

export interface ChatGatewayList {
  readonly apiVersion: typeof ChatGatewayResource.apiVersion;
  readonly kind: typeof ChatGatewayResource.listKind;
  readonly metadata: { readonly resourceVersion?: string; readonly continue?: string };
  readonly items: readonly ChatGateway[];
}
