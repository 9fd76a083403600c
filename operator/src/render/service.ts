import type { V1ServicePort, V1ServiceSpec } from './kube-model.js';
import { ServiceType } from '../api/v1alpha1/index.js';
import { gatewayObjectLabels } from './common-labels.js';
import { selectorLabels } from './labels.js';
import { objectMeta } from './object-meta.js';
import { objectNames } from './object-names.js';
import { ContainerPort, PortName } from './pod-layout.js';
import type { RenderInput, RenderedObject } from './render-input.js';

/**
 * The gateway Service: spec.service.port to the pods' `ws` port. The admin port (/metrics, for a
 * ServiceMonitor) is on it only when the Service is ClusterIP: a NodePort or LoadBalancer would
 * publish /metrics and /readyz outside the cluster.
 */
export function renderService(input: RenderInput): RenderedObject {
  const { gateway } = input;
  const { service } = gateway.spec;
  const ports: V1ServicePort[] = [
    { name: PortName.WebSocket, port: service.port, targetPort: PortName.WebSocket, protocol: 'TCP' },
  ];
  if (service.type === ServiceType.ClusterIP) {
    ports.push({
      name: PortName.Admin,
      port: ContainerPort.Admin,
      targetPort: PortName.Admin,
      protocol: 'TCP',
    });
  }
  const spec: V1ServiceSpec = {
    type: service.type,
    selector: { ...selectorLabels(gateway) },
    ports,
  };
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(
      gateway,
      objectNames(gateway).service,
      gatewayObjectLabels(input),
      service.annotations,
    ),
    spec,
  };
}
