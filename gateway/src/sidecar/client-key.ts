import { isIPv4, isIPv6 } from 'node:net';

function ipv6Groups(address: string): number[] {
  let text = address;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4 !== null) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16));
}

/**
 * The rate-limit key of a client address: the IPv4 address (also when written IPv4-mapped), or
 * the /64 prefix of an IPv6 address, since one subscriber usually holds a whole /64 and could
 * otherwise rotate through it to escape the limit. `undefined` when `address` is not an IP.
 */
export function clientKey(address: string): string | undefined {
  const zone = address.indexOf('%');
  const bare = (zone < 0 ? address : address.slice(0, zone)).toLowerCase();
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return undefined;
  const groups = ipv6Groups(bare);
  const mapped = groups.slice(0, 6).join(',') === '0,0,0,0,0,65535';
  if (mapped) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}
