import {
  defaultResource,
  detectResources,
  resourceAttributesEnvDetector,
  resourceFromAttributes,
  serviceNameEnvDetector,
  type Resource,
} from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { ATTR_K8S_NAMESPACE_NAME, ATTR_K8S_POD_NAME } from './semconv.js';

/** Who emits the telemetry: the service, and the pod it runs in (Downward API). */
export interface ServiceIdentity {
  readonly name: string;
  readonly version: string;
  /** CMF_POD_NAME; absent outside Kubernetes. */
  readonly podName?: string | undefined;
  /** CMF_POD_NAMESPACE; absent outside Kubernetes. */
  readonly podNamespace?: string | undefined;
}

/**
 * The resource of every span and metric of one process. `OTEL_RESOURCE_ATTRIBUTES` and
 * `OTEL_SERVICE_NAME` win over what the process knows of itself, as the specification asks, so
 * an operator can rename a service without a new image. No host or process detectors: the pod
 * attributes say where it runs, and target_info stays short.
 */
export function serviceResource(identity: ServiceIdentity): Resource {
  const own = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: identity.name,
    [ATTR_SERVICE_VERSION]: identity.version,
    ...(identity.podName === undefined || identity.podName === ''
      ? {}
      : { [ATTR_K8S_POD_NAME]: identity.podName }),
    ...(identity.podNamespace === undefined || identity.podNamespace === ''
      ? {}
      : { [ATTR_K8S_NAMESPACE_NAME]: identity.podNamespace }),
  });
  return defaultResource()
    .merge(own)
    .merge(detectResources({ detectors: [resourceAttributesEnvDetector, serviceNameEnvDetector] }));
}
