/**
 * The API server refuses loopback addresses in EndpointSlices ("may not be in the loopback
 * range"), so a pod's address has two faces. On this machine the pod binds 127.0.x.y; in the
 * API (status.podIP, and so EndpointSlices) it is its twin 10.244.x.y in the node's podCIDR. The
 * mapping is fixed, so anything holding one face finds the other without asking.
 */
export const POD_CIDR = '10.244.0.0/16';

const LOOPBACK = /^127\.0\.(\d{1,3})\.(\d{1,3})$/;
const POD_NETWORK = /^10\.244\.(\d{1,3})\.(\d{1,3})$/;

/** 127.0.x.y to 10.244.x.y; any other address is returned as it is. */
export function podNetworkAddress(loopback: string): string {
  const m = LOOPBACK.exec(loopback);
  return m === null ? loopback : `10.244.${m[1] ?? ''}.${m[2] ?? ''}`;
}

/** 10.244.x.y to 127.0.x.y, the address to connect to from this machine; any other is returned as it is. */
export function loopbackAddress(podIP: string): string {
  const m = POD_NETWORK.exec(podIP);
  return m === null ? podIP : `127.0.${m[1] ?? ''}.${m[2] ?? ''}`;
}
