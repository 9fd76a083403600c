import { isIP } from 'node:net';
import type { ValueFormat } from '@cmf/gateway/config';

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$/;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

function isHost(value: string): boolean {
  return isIP(value) !== 0 || HOSTNAME.test(value);
}

/** `host:port`, `1.2.3.4:port` or `[::1]:port`. */
function isHostPort(value: string): boolean {
  const isPort = (port: string): boolean =>
    /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535;
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(value);
  if (bracketed !== null) return isIP(bracketed[1] ?? '') === 6 && isPort(bracketed[2] ?? '');
  const colon = value.lastIndexOf(':');
  return colon > 0 && isHost(value.slice(0, colon)) && isPort(value.slice(colon + 1));
}

function isNamespacedName(value: string): boolean {
  const [namespace, name, ...rest] = value.split('/');
  return (
    rest.length === 0 && DNS_LABEL.test(namespace ?? '') && name !== undefined && DNS_SUBDOMAIN.test(name)
  );
}

/** The checks options share; each `expected` completes "expected …" in an error message. */
export const ValueFormats = {
  host: { test: isHost, expected: 'a host name or IP address (e.g. 0.0.0.0)' },
  brokers: {
    test: isHostPort,
    expected: 'a comma-separated list of host:port (e.g. kafka-0:9092,kafka-1:9092)',
  },
  namespace: {
    test: (value) => DNS_LABEL.test(value),
    expected: 'a namespace name (a DNS label, e.g. chat)',
  },
  namespaces: {
    test: (value) => DNS_LABEL.test(value),
    expected: 'a comma-separated list of namespace names (e.g. chat,chat-staging)',
  },
  objectName: {
    test: (value) => DNS_SUBDOMAIN.test(value),
    expected: 'an object name (lower-case DNS subdomain, e.g. cmf-operator)',
  },
  namespacedName: {
    test: isNamespacedName,
    expected: 'namespace/name (e.g. kafka/cmf-operator-credentials)',
  },
  // Registry, repository path, and a tag and/or digest; spaces and upper case are never valid.
  image: {
    test: (value) =>
      /^[a-z0-9]([a-z0-9._/:-]*[a-z0-9])?(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/.test(value),
    expected: 'an image reference (e.g. ghcr.io/cmf-platform/cmf-gateway:0.1.0)',
  },
  podName: {
    test: (value) => /^[A-Za-z0-9]([A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/.test(value),
    expected: 'a pod name (from the Downward API metadata.name)',
  },
  path: { test: (value) => !value.includes('\0'), expected: 'a file path' },
} as const satisfies Readonly<Record<string, ValueFormat>>;
