import type { ChatGateway } from '../api/v1alpha1/index.js';
import { gatewayIdentity, objectNames } from './object-names.js';

/**
 * The URL clients connect to, for status.endpoint: wss://<host><path> through an Ingress with TLS,
 * ws:// through one without, else the Service's in-cluster address.
 */
export function gatewayEndpoint(gateway: ChatGateway): string {
  const { ingress, websocket, service } = gateway.spec;
  if (ingress.enabled && ingress.host !== undefined) {
    return `${ingress.tls === undefined ? 'ws' : 'wss'}://${ingress.host}${websocket.path}`;
  }
  const { namespace } = gatewayIdentity(gateway);
  return `ws://${objectNames(gateway).service}.${namespace}.svc:${service.port}${websocket.path}`;
}
