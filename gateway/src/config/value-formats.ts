import { isIP } from 'node:net';
import { isCidr } from '../server/client-address.js';
import type { ValueFormat } from './option-spec.js';

// RFC 1123 labels, plus `_`, which Docker Compose service names (often broker hosts) contain.
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$/;
const PORT = /^\d{1,5}$/;

function isHost(value: string): boolean {
  return isIP(value) !== 0 || HOSTNAME.test(value);
}

function isPort(value: string): boolean {
  return PORT.test(value) && Number(value) >= 1 && Number(value) <= 65535;
}

/** `host:port`, `1.2.3.4:port` or `[::1]:port`. */
function isHostPort(value: string): boolean {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(value);
  if (bracketed !== null) return isIP(bracketed[1] ?? '') === 6 && isPort(bracketed[2] ?? '');
  const colon = value.lastIndexOf(':');
  return colon > 0 && isHost(value.slice(0, colon)) && isPort(value.slice(colon + 1));
}

/** Exactly what a browser sends in `Origin`: scheme, host and a non-default port, nothing else. */
function isOrigin(value: string): boolean {
  const url = URL.parse(value);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
}

function isHttpUrl(value: string): boolean {
  const url = URL.parse(value);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:');
}

/** The checks options share; each `expected` completes "expected …" in an error message. */
export const ValueFormats = {
  host: { test: isHost, expected: 'a host name or IP address (e.g. 0.0.0.0)' },
  brokers: {
    test: isHostPort,
    expected: 'a comma-separated list of host:port (e.g. kafka-0:9092,kafka-1:9092)',
  },
  urlPath: {
    test: (value) => /^\/[^\s?#]*$/.test(value),
    expected: 'a URL path starting with / (e.g. /connection/websocket)',
  },
  httpUrl: { test: isHttpUrl, expected: 'an http:// or https:// URL (e.g. http://127.0.0.1:8081)' },
  origins: {
    test: isOrigin,
    expected: 'a comma-separated list of origins (e.g. https://chat.example.com,http://localhost:3000)',
  },
  // Kafka accepts [A-Za-z0-9._-] in topic names (at most 249 characters, including `.receipts`).
  topicPrefix: {
    test: (value) => /^[A-Za-z0-9._-]{1,240}$/.test(value),
    expected: 'at most 240 letters, digits, ".", "_" or "-"',
  },
  kafkaName: {
    test: (value) => /^[A-Za-z0-9._-]{1,200}$/.test(value),
    expected: 'at most 200 letters, digits, ".", "_" or "-"',
  },
  podName: {
    test: (value) => /^[A-Za-z0-9]([A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/.test(value),
    expected: 'a pod name (from the Downward API metadata.name)',
  },
  namespace: {
    test: (value) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(value),
    expected: 'a namespace name (a DNS label, e.g. chat)',
  },
  claimName: { test: (value) => /^\S{1,256}$/.test(value), expected: 'a JWT claim name (no spaces)' },
  text: { test: () => true, expected: 'a non-empty string' },
  cidrs: {
    test: isCidr,
    expected: 'a comma-separated list of addresses or CIDRs (e.g. 10.0.0.0/8,fd00::/8)',
  },
  absolutePath: {
    test: (value) => value.startsWith('/') && !value.includes('\0'),
    expected: 'an absolute file path (e.g. /var/run/secrets/cmf/token)',
  },
  // RFC 7518 3.2: an HS256 key must be at least as long as the hash output (256 bits).
  hs256Secret: {
    test: (value) => Buffer.byteLength(value, 'utf8') >= 32,
    expected: 'a secret of at least 32 bytes',
  },
} as const satisfies Readonly<Record<string, ValueFormat>>;
