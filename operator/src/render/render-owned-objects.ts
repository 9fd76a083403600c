import { configChecksum } from './config-checksum.js';
import { renderConfigMaps } from './config-maps.js';
import { renderDeployment } from './deployment.js';
import { renderHorizontalPodAutoscaler } from './horizontal-pod-autoscaler.js';
import { renderIngress } from './ingress.js';
import { renderNetworkPolicy } from './network-policy.js';
import { podFiles } from './pod-files.js';
import { renderPodDisruptionBudget } from './pod-disruption-budget.js';
import type { RenderInput, RenderedObject } from './render-input.js';
import { renderService } from './service.js';

/**
 * Every object of one ChatGateway but the sidecar token Secret (renderSidecarTokenSecret), in
 * apply order: the ConfigMaps before the Deployment whose pods read them, the Deployment before
 * what routes to, scales or guards its pods. Optional objects are left out when their toggle is
 * off; the caller deletes what it owns and no longer finds here. Pure and deterministic: the same
 * input gives deep-equal output. Throws RenderError when the spec cannot be rendered.
 */
export function renderOwnedObjects(input: RenderInput): RenderedObject[] {
  const files = podFiles(input.gateway);
  const configMaps = renderConfigMaps(input, files);
  const checksum = configChecksum(configMaps.map((configMap) => configMap.data));
  const optional = [
    renderIngress(input),
    renderHorizontalPodAutoscaler(input),
    renderPodDisruptionBudget(input),
  ].filter((object): object is RenderedObject => object !== undefined);
  return [
    ...configMaps,
    renderDeployment(input, files, checksum),
    renderService(input),
    ...optional,
    renderNetworkPolicy(input),
  ];
}
