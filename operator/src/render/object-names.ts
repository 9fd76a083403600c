import type { ChatGateway } from '../api/v1alpha1/index.js';
import { RenderError } from './render-error.js';

/** The names of everything the operator creates for one ChatGateway, derived here only. */
export interface ObjectNames {
  /** Deployment, Service, Ingress, HPA, PDB and NetworkPolicy share the ChatGateway's name. */
  readonly deployment: string;
  readonly service: string;
  readonly ingress: string;
  readonly horizontalPodAutoscaler: string;
  readonly podDisruptionBudget: string;
  readonly networkPolicy: string;
  /** The gateway's environment (envFrom). */
  readonly gatewayConfig: string;
  /** The auth sidecar's environment (envFrom) and its issuers.json. */
  readonly sidecarConfig: string;
  /** The generated bearer token between the gateway and its sidecar (created once, never changed). */
  readonly sidecarTokenSecret: string;
}

/** The ChatGateway's name and namespace; a served object always has both. */
export function gatewayIdentity(gateway: ChatGateway): { readonly name: string; readonly namespace: string } {
  const { name, namespace } = gateway.metadata;
  if (name === undefined || name === '' || namespace === undefined || namespace === '') {
    throw new RenderError('ChatGateway has no metadata.name or metadata.namespace');
  }
  return { name, namespace };
}

// Suffixes are short on purpose: ChatGateway names may be up to 253 characters but a Service name
// is a DNS label (63); the CRD leaves that bound to the API server's refusal of the Service.
export function objectNames(gateway: ChatGateway): ObjectNames {
  const { name } = gatewayIdentity(gateway);
  return {
    deployment: name,
    service: name,
    ingress: name,
    horizontalPodAutoscaler: name,
    podDisruptionBudget: name,
    networkPolicy: name,
    gatewayConfig: `${name}-config`,
    sidecarConfig: `${name}-sidecar-config`,
    sidecarTokenSecret: `${name}-sidecar-token`,
  };
}
