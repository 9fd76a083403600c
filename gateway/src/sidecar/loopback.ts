import { isIPv4, isIPv6 } from 'node:net';

/**
 * Whether `host` only ever binds the loopback interface: 127.0.0.0/8, ::1 (also as an
 * IPv4-mapped address) or `localhost`. Anything else (a wildcard, the pod IP, a name that could
 * resolve elsewhere) is refused for the authentication API.
 */
export function isLoopbackHost(host: string): boolean {
  const value = host.toLowerCase();
  if (value === 'localhost') return true;
  if (isIPv4(value)) return value.startsWith('127.');
  if (isIPv6(value)) {
    if (value === '::1' || value === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(value);
    return mapped?.[1] !== undefined && mapped[1].startsWith('127.');
  }
  return false;
}
