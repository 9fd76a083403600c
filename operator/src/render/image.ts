import type { ChatGateway } from '../api/v1alpha1/index.js';
import type { OperatorDefaults } from './render-input.js';

/** spec.image.reference, else the operator's default image (which then follows operator upgrades). */
export function imageReference(gateway: ChatGateway, defaults: OperatorDefaults): string {
  return gateway.spec.image.reference ?? defaults.gatewayImage;
}

// A label value: at most 63 characters, alphanumeric at both ends, `-_.` inside.
const LABEL_VALUE = /^(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * The tag of an image reference (`ghcr.io/cmf/gateway:0.1.0` -> `0.1.0`), for the
 * app.kubernetes.io/version label; undefined when there is none (digest only, or `latest`
 * implied) or when it is not a valid label value (tags may be 128 characters or start with `_`).
 */
export function imageTag(reference: string): string | undefined {
  const withoutDigest = reference.split('@')[0] ?? '';
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return undefined;
  const tag = lastSegment.slice(colon + 1);
  return LABEL_VALUE.test(tag) ? tag : undefined;
}
