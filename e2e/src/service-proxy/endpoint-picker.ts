import { loopbackAddress } from '../node-agent/network/pod-network.js';

/** An EndpointSlice as far as the proxy reads it. */
export interface EndpointSlice {
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly resourceVersion?: string;
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly addressType?: string;
  readonly endpoints?: readonly {
    readonly addresses: readonly string[];
    readonly conditions?: {
      readonly ready?: boolean;
      readonly serving?: boolean;
      readonly terminating?: boolean;
    };
  }[];
  readonly ports?: readonly { readonly name?: string; readonly port?: number; readonly protocol?: string }[];
}

export interface Backend {
  readonly host: string;
  readonly port: number;
}

/**
 * Ready backends for one Service port across the Service's slices: the slice port whose name
 * matches the Service port's name (unnamed matches unnamed), endpoints whose `ready` condition is
 * not false (unset means ready, as kube-proxy reads it). Pod-network addresses become the loopback
 * addresses the pods listen on. Sorted, so round-robin order is stable.
 */
export function readyBackends(slices: readonly EndpointSlice[], portName: string): Backend[] {
  const seen = new Set<string>();
  const backends: Backend[] = [];
  for (const slice of slices) {
    if (slice.addressType !== undefined && slice.addressType !== 'IPv4') continue;
    const port = slice.ports?.find((p) => (p.name ?? '') === portName && (p.protocol ?? 'TCP') === 'TCP');
    if (port?.port === undefined) continue;
    for (const endpoint of slice.endpoints ?? []) {
      if (endpoint.conditions?.ready === false) continue;
      for (const address of endpoint.addresses) {
        const host = loopbackAddress(address);
        const key = `${host}:${String(port.port)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        backends.push({ host, port: port.port });
      }
    }
  }
  return backends.sort((a, b) => (a.host === b.host ? a.port - b.port : a.host < b.host ? -1 : 1));
}

/** Round-robin over whatever backends are current at each pick. */
export class RoundRobin {
  private next = 0;

  pick(backends: readonly Backend[]): Backend | undefined {
    if (backends.length === 0) return undefined;
    const backend = backends[this.next % backends.length];
    this.next = (this.next + 1) % Number.MAX_SAFE_INTEGER;
    return backend;
  }
}
