import type { V2HorizontalPodAutoscalerSpec, V2MetricSpec } from './kube-model.js';
import { gatewayObjectLabels } from './common-labels.js';
import { objectMeta } from './object-meta.js';
import { objectNames } from './object-names.js';
import { ContainerName } from './pod-layout.js';
import type { RenderInput, RenderedObject } from './render-input.js';

/** The gateway's open-connections gauge (gateway/src/metrics.ts), served per pod by a metrics adapter. */
export const CONNECTIONS_METRIC = 'cmf_gateway_connections';

/**
 * The HPA (autoscaling/v2), or undefined when autoscaling is off. CPU is measured on the gateway
 * container alone (ContainerResource), as the CRD documents: the sidecar's request would otherwise
 * dilute the percentage. Connections per pod are a Pods metric with an average target.
 */
export function renderHorizontalPodAutoscaler(input: RenderInput): RenderedObject | undefined {
  const { gateway } = input;
  const { autoscaling } = gateway.spec;
  if (!autoscaling.enabled) return undefined;
  const names = objectNames(gateway);
  const metrics: V2MetricSpec[] = [
    {
      type: 'ContainerResource',
      containerResource: {
        name: 'cpu',
        container: ContainerName.Gateway,
        target: { type: 'Utilization', averageUtilization: autoscaling.targetCPUUtilizationPercentage },
      },
    },
  ];
  if (autoscaling.targetConnectionsPerPod !== undefined) {
    metrics.push({
      type: 'Pods',
      pods: {
        metric: { name: CONNECTIONS_METRIC },
        target: { type: 'AverageValue', averageValue: String(autoscaling.targetConnectionsPerPod) },
      },
    });
  }
  const spec: V2HorizontalPodAutoscalerSpec = {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: names.deployment },
    minReplicas: autoscaling.minReplicas,
    maxReplicas: autoscaling.maxReplicas,
    metrics,
    behavior: { scaleDown: { stabilizationWindowSeconds: autoscaling.scaleDownStabilizationSeconds } },
  };
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: objectMeta(gateway, names.horizontalPodAutoscaler, gatewayObjectLabels(input)),
    spec,
  };
}
