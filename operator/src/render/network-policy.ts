import type {
  V1NetworkPolicyEgressRule,
  V1NetworkPolicyPeer,
  V1NetworkPolicyPort,
  V1NetworkPolicySpec,
} from './kube-model.js';
import { gatewayObjectLabels } from './common-labels.js';
import { kafkaBrokers } from './gateway-environment.js';
import { selectorLabels } from './labels.js';
import { objectMeta } from './object-meta.js';
import { objectNames } from './object-names.js';
import { PortName } from './pod-layout.js';
import type { RenderInput, RenderedObject } from './render-input.js';

const DEFAULT_PORT: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '[::1]']);

/** The port of `host:port` or `[v6]:port` (the CRD's pattern guarantees one). */
function brokerPort(broker: string): number {
  return Number(broker.slice(broker.lastIndexOf(':') + 1));
}

/** The TCP port an http(s) URL connects to; undefined for a loopback host, which no policy governs. */
function urlPort(text: string): number | undefined {
  const url = URL.parse(text);
  if (url === null) return undefined;
  if (LOOPBACK_HOSTS.has(url.hostname) || url.hostname.startsWith('127.')) return undefined;
  return url.port === '' ? DEFAULT_PORT[url.protocol] : Number(url.port);
}

// client-node names this field `_from` (a TypeScript keyword clash) and maps it when it serializes;
// a rendered object is plain JSON, so the rule is typed here with the API's own name.
interface IngressRule {
  readonly from?: V1NetworkPolicyPeer[];
  readonly ports: V1NetworkPolicyPort[];
}

function tcpPorts(ports: readonly (number | undefined)[]): V1NetworkPolicyPort[] {
  const unique = [...new Set(ports.filter((port): port is number => port !== undefined))].sort(
    (a, b) => a - b,
  );
  return unique.map((port) => ({ protocol: 'TCP', port }));
}

/**
 * The pods' own NetworkPolicy: least privilege by port, since a NetworkPolicy cannot name hosts
 * (brokers, the membership API and JWKS endpoints are DNS names that may live anywhere).
 *
 * In:  `ws` from anywhere (clients arrive through an Ingress controller, a LoadBalancer or other
 *      pods; the sidecar authenticates every handshake); `admin` and `sidecar-admin` (metrics)
 *      from pods of this namespace only. Kubelet probes are not subject to NetworkPolicy. The
 *      sidecar's API listens on loopback, which no policy governs.
 * Out: DNS to kube-dns; the Kafka brokers' ports; the membership API's port; the JWKS URLs'
 *      ports. Nothing else, not even the Kubernetes API (the pods never call it).
 *
 * policies/network-policies.yaml holds the namespace-wide defaults (deny-all, DNS, ...) selecting
 * the same pods; NetworkPolicies add up, so this one only ever widens what those allow, by exactly
 * the ports this ChatGateway uses.
 */
export function renderNetworkPolicy(input: RenderInput): RenderedObject {
  const { gateway } = input;
  const { membership, auth } = gateway.spec;
  const egress: V1NetworkPolicyEgressRule[] = [
    {
      to: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        },
      ],
      ports: [
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 53 },
      ],
    },
    { ports: tcpPorts(kafkaBrokers(input).map(brokerPort)) },
  ];
  const membershipPorts = tcpPorts(membership === undefined ? [] : [urlPort(membership.url)]);
  if (membershipPorts.length > 0) egress.push({ ports: membershipPorts });
  const jwksPorts = tcpPorts(
    (auth.issuers ?? []).map((issuer) =>
      issuer.jwksUrl === undefined ? undefined : urlPort(issuer.jwksUrl),
    ),
  );
  if (jwksPorts.length > 0) egress.push({ ports: jwksPorts });

  const ingress: IngressRule[] = [
    { ports: [{ protocol: 'TCP', port: PortName.WebSocket }] },
    {
      from: [{ podSelector: {} }],
      ports: [
        { protocol: 'TCP', port: PortName.Admin },
        { protocol: 'TCP', port: PortName.SidecarAdmin },
      ],
    },
  ];
  const spec: Omit<V1NetworkPolicySpec, 'ingress'> & { readonly ingress: IngressRule[] } = {
    podSelector: { matchLabels: { ...selectorLabels(gateway) } },
    policyTypes: ['Ingress', 'Egress'],
    ingress,
    egress,
  };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: objectMeta(gateway, objectNames(gateway).networkPolicy, gatewayObjectLabels(input)),
    spec,
  };
}
