import type { V1IngressSpec } from './kube-model.js';
import { gatewayObjectLabels } from './common-labels.js';
import { objectMeta } from './object-meta.js';
import { objectNames } from './object-names.js';
import { PortName } from './pod-layout.js';
import type { RenderInput, RenderedObject } from './render-input.js';
import { RenderError } from './render-error.js';

/**
 * The Ingress routing websocket.path on ingress.host to the Service's `ws` port, or undefined when
 * ingress.enabled is false. Only the spec's annotations are set: WebSocket upgrades pass through
 * ingress-nginx, Traefik and the cloud controllers without any, and their idle timeouts are
 * controller-specific; the gateway's heartbeat (25 s by default) keeps connections under the
 * common 60 s, and spec.ingress.annotations can raise a controller's timeout where needed.
 */
export function renderIngress(input: RenderInput): RenderedObject | undefined {
  const { gateway } = input;
  const { ingress, websocket } = gateway.spec;
  if (!ingress.enabled) return undefined;
  const host = ingress.host;
  if (host === undefined)
    throw new RenderError('spec.ingress.host is required when spec.ingress.enabled is true');
  const names = objectNames(gateway);
  const spec: V1IngressSpec = {
    ...(ingress.className === undefined ? {} : { ingressClassName: ingress.className }),
    ...(ingress.tls === undefined ? {} : { tls: [{ hosts: [host], secretName: ingress.tls.secretName }] }),
    rules: [
      {
        host,
        http: {
          paths: [
            {
              path: websocket.path,
              pathType: 'Prefix',
              backend: { service: { name: names.service, port: { name: PortName.WebSocket } } },
            },
          ],
        },
      },
    ],
  };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: objectMeta(gateway, names.ingress, gatewayObjectLabels(input), ingress.annotations),
    spec,
  };
}
