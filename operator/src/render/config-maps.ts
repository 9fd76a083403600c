import type { RenderInput, RenderedObject } from './render-input.js';
import { gatewayEnvironment } from './gateway-environment.js';
import { gatewayObjectLabels } from './common-labels.js';
import { issuersFile } from './issuers-file.js';
import { objectMeta } from './object-meta.js';
import { objectNames } from './object-names.js';
import type { PodFiles } from './pod-files.js';
import { sidecarEnvironment } from './sidecar-environment.js';

/** A ConfigMap as rendered: `data` is always there. */
export type RenderedConfigMap = RenderedObject & { readonly data: Readonly<Record<string, string>> };

/**
 * Two ConfigMaps, one per process, each taken whole with envFrom: the gateway's CMF_* variables
 * and the sidecar's CMF_SIDECAR_* variables plus its issuers.json. Kept apart so each container
 * sees only its own options: envFrom takes every key of a ConfigMap, and a process that finds
 * variables it does not know may refuse to start.
 */
export function renderConfigMaps(input: RenderInput, files: PodFiles): readonly RenderedConfigMap[] {
  const { gateway } = input;
  const names = objectNames(gateway);
  const labels = gatewayObjectLabels(input);
  const configMap = (name: string, data: Readonly<Record<string, string>>): RenderedConfigMap => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta(gateway, name, labels),
    data,
  });
  return [
    configMap(names.gatewayConfig, gatewayEnvironment(input, files)),
    configMap(names.sidecarConfig, {
      ...sidecarEnvironment(gateway, files),
      [files.issuersKey]: issuersFile(gateway, files),
    }),
  ];
}
