import { BlockList, isIP } from 'node:net';

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is 10.0.0.1. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function family(address: string): 'ipv4' | 'ipv6' | undefined {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

/** `10.0.0.0/8`, `fd00::/8`, or one address (a /32 or /128). */
export function isCidr(value: string): boolean {
  const [address = '', bits, ...rest] = value.split('/');
  const kind = family(address);
  if (kind === undefined || rest.length > 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (kind === 'ipv4' ? 32 : 128);
}

/**
 * The client's address for per-client limits. Behind an Ingress every socket comes from the
 * controller, so one busy proxy would share one client's handshake budget. When the socket's
 * peer is a trusted proxy, `X-Forwarded-For` is read right to left and the first address that
 * is not a trusted proxy is the client: entries further left were written by the client itself
 * and prove nothing. With no trusted proxies the header is ignored, so a client cannot choose
 * its own address.
 */
export class ClientAddressResolver {
  private readonly trusted = new BlockList();
  private readonly any: boolean;

  constructor(trustedProxies: readonly string[]) {
    for (const cidr of trustedProxies) {
      const [address = '', bits] = cidr.split('/');
      const kind = family(address);
      if (kind === undefined || !isCidr(cidr)) throw new RangeError(`not an address or CIDR: ${cidr}`);
      this.trusted.addSubnet(address, bits === undefined ? (kind === 'ipv4' ? 32 : 128) : Number(bits), kind);
    }
    this.any = trustedProxies.length > 0;
  }

  resolve(peer: string, forwardedFor: string | readonly string[] | undefined): string {
    const from = plain(peer);
    if (!this.any || !this.isTrusted(from) || forwardedFor === undefined) return from;
    const hops = (typeof forwardedFor === 'string' ? [forwardedFor] : forwardedFor)
      .join(',')
      .split(',')
      .map((hop) => plain(hop.trim()));
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] ?? '';
      // A malformed entry ends the chain: nothing to its left can be trusted either.
      if (family(hop) === undefined) return from;
      if (!this.isTrusted(hop)) return hop;
    }
    return from;
  }

  private isTrusted(address: string): boolean {
    const kind = family(address);
    return kind !== undefined && this.trusted.check(address, kind);
  }
}
