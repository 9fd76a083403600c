import { imageReference, imageTag } from './image.js';
import { Component, objectLabels } from './labels.js';
import type { RenderInput } from './render-input.js';

/** The labels of the gateway's objects, with the version of the image the pods run. */
export function gatewayObjectLabels(input: RenderInput): Readonly<Record<string, string>> {
  return objectLabels(
    input.gateway,
    Component.Gateway,
    imageTag(imageReference(input.gateway, input.defaults)),
  );
}
