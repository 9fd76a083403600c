import type { V1DeploymentSpec } from './kube-model.js';
import { gatewayObjectLabels } from './common-labels.js';
import { selectorLabels } from './labels.js';
import { objectMeta } from './object-meta.js';
import { objectNames } from './object-names.js';
import type { PodFiles } from './pod-files.js';
import { podTemplate } from './pod-template.js';
import type { RenderInput, RenderedObject } from './render-input.js';

/**
 * The gateway Deployment. Rolling updates add a pod before removing one (maxUnavailable 0): every
 * pod removed makes its clients reconnect, so capacity never dips during a rollout. While
 * autoscaling is on, spec.replicas is left out: the HPA owns it, and an applied value would fight
 * every scaling decision.
 */
export function renderDeployment(input: RenderInput, files: PodFiles, checksum: string): RenderedObject {
  const { gateway } = input;
  const { spec } = gateway;
  const deploymentSpec: V1DeploymentSpec = {
    ...(spec.autoscaling.enabled ? {} : { replicas: spec.replicas }),
    selector: { matchLabels: { ...selectorLabels(gateway) } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
    template: podTemplate(input, files, checksum),
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta(gateway, objectNames(gateway).deployment, gatewayObjectLabels(input)),
    spec: deploymentSpec,
  };
}
