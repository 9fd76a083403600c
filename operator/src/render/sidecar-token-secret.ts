import type { ChatGateway } from '../api/v1alpha1/index.js';
import { Component, objectLabels } from './labels.js';
import { objectMeta } from './object-meta.js';
import { objectNames } from './object-names.js';
import type { RenderedObject } from './render-input.js';
import { RenderError } from './render-error.js';

/** The key of the token in the Secret. */
export const SIDECAR_TOKEN_KEY = 'token';

/**
 * The bearer token the gateway presents to its auth sidecar and the sidecar requires, so nothing
 * else in the pod's network namespace can use the sidecar to learn who a token belongs to. The
 * caller generates the token (random, e.g. 32 bytes base64url) and creates the Secret once, when
 * absent; it is immutable, and no version label marks it, because it never changes. Not part of
 * renderOwnedObjects: those are applied on every reconcile, this one must never be replaced.
 */
export function renderSidecarTokenSecret(gateway: ChatGateway, token: string): RenderedObject {
  if (token === '') throw new RenderError('the sidecar token must not be empty');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: objectMeta(
      gateway,
      objectNames(gateway).sidecarTokenSecret,
      objectLabels(gateway, Component.Auth, undefined),
    ),
    type: 'Opaque',
    immutable: true,
    // data, not stringData: stringData is write-only, so an apply of it would never read back equal.
    data: { [SIDECAR_TOKEN_KEY]: Buffer.from(token, 'utf8').toString('base64') },
  };
}
