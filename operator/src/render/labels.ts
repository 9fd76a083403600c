import {
  ChatGatewayResource,
  GatewayPodLabel,
  GatewayPodLabelValue,
  type ChatGateway,
} from '../api/v1alpha1/index.js';
import { gatewayIdentity } from './object-names.js';
import type { OwnerReference } from './render-input.js';
import { RenderError } from './render-error.js';

/** The recommended labels (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels). */
export const AppLabel = {
  Name: GatewayPodLabel.Name,
  Instance: GatewayPodLabel.Instance,
  ManagedBy: GatewayPodLabel.ManagedBy,
  Component: 'app.kubernetes.io/component',
  PartOf: 'app.kubernetes.io/part-of',
  Version: 'app.kubernetes.io/version',
} as const;

/** What each object is, for app.kubernetes.io/component. */
export const Component = {
  /** The gateway pods and everything that serves or scales them. */
  Gateway: 'gateway',
  /** The sidecar's bearer token. */
  Auth: 'auth',
} as const;
export type Component = (typeof Component)[keyof typeof Component];

const PART_OF = 'cmf';

/**
 * The labels the Deployment, Service, PDB and NetworkPolicy select gateway pods by: name and
 * instance only, never a label that changes (a Deployment's selector is immutable, and a version in
 * it would orphan the old pods on every upgrade).
 */
export function selectorLabels(gateway: ChatGateway): Readonly<Record<string, string>> {
  return {
    [AppLabel.Name]: GatewayPodLabelValue.Name,
    [AppLabel.Instance]: gatewayIdentity(gateway).name,
  };
}

/** The selector as the scale subresource wants it in status.selector (`k=v,k=v`). */
export function selectorString(gateway: ChatGateway): string {
  return Object.entries(selectorLabels(gateway))
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/** The labels of every object the operator renders; `version` is the image tag, when there is one. */
export function objectLabels(
  gateway: ChatGateway,
  component: Component,
  version: string | undefined,
): Readonly<Record<string, string>> {
  return {
    ...selectorLabels(gateway),
    [AppLabel.ManagedBy]: GatewayPodLabelValue.ManagedBy,
    [AppLabel.Component]: component,
    [AppLabel.PartOf]: PART_OF,
    ...(version === undefined ? {} : { [AppLabel.Version]: version }),
  };
}

/**
 * The pod template's labels: spec.podMetadata.labels may add labels or replace component, part-of
 * and version, but never the selector or managed-by (the CRD refuses them; set last to be sure).
 */
export function podLabels(
  gateway: ChatGateway,
  version: string | undefined,
): Readonly<Record<string, string>> {
  const own = objectLabels(gateway, Component.Gateway, version);
  return {
    ...own,
    ...gateway.spec.podMetadata?.labels,
    ...selectorLabels(gateway),
    [AppLabel.ManagedBy]: GatewayPodLabelValue.ManagedBy,
  };
}

/** The ChatGateway as controller of every rendered object, so deleting it garbage-collects them. */
export function ownerReference(gateway: ChatGateway): OwnerReference {
  const { name } = gatewayIdentity(gateway);
  const uid = gateway.metadata.uid;
  if (uid === undefined || uid === '') throw new RenderError(`ChatGateway ${name} has no metadata.uid`);
  return {
    apiVersion: ChatGatewayResource.apiVersion,
    kind: ChatGatewayResource.kind,
    name,
    uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}
