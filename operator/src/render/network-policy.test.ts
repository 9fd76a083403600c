import { describe, expect, it } from 'vitest';
import type { RenderedObject } from './render-input.js';
import { renderNetworkPolicy } from './network-policy.js';
import { renderInput, SampleFile } from './test-support/chat-gateways.js';

interface Rule {
  readonly from?: unknown[];
  readonly to?: unknown[];
  readonly ports: { protocol: string; port: number | string }[];
}
interface PolicySpec {
  readonly podSelector: unknown;
  readonly policyTypes: string[];
  readonly ingress: Rule[];
  readonly egress: Rule[];
}

function spec(policy: RenderedObject): PolicySpec {
  return policy['spec'] as PolicySpec;
}

function egressPorts(policy: PolicySpec): (number | string)[][] {
  return policy.egress.map((rule) => rule.ports.map((port) => port.port));
}

describe('NetworkPolicy', () => {
  it("selects this ChatGateway's pods, in and out", () => {
    const policy = spec(renderNetworkPolicy(renderInput(SampleFile.Minimal)));
    expect(policy.podSelector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'cmf-gateway', 'app.kubernetes.io/instance': 'chat' },
    });
    expect(policy.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  it('lets clients reach ws from anywhere and the admin ports only from the namespace', () => {
    const policy = spec(renderNetworkPolicy(renderInput(SampleFile.Minimal)));
    expect(policy.ingress).toEqual([
      { ports: [{ protocol: 'TCP', port: 'ws' }] },
      {
        from: [{ podSelector: {} }],
        ports: [
          { protocol: 'TCP', port: 'admin' },
          { protocol: 'TCP', port: 'sidecar-admin' },
        ],
      },
    ]);
  });

  it('lets the pods reach DNS, the brokers, the membership API and JWKS, each on its port only', () => {
    const full = spec(renderNetworkPolicy(renderInput(SampleFile.Full)));
    expect(full.egress[0]).toEqual({
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
    });
    // Brokers on 9093 (three, one port), membership on 8080, JWKS on https.
    expect(egressPorts(full)).toEqual([[53, 53], [9093], [8080], [443]]);
    // The minimal one: default brokers, no membership, one JWKS issuer.
    expect(egressPorts(spec(renderNetworkPolicy(renderInput(SampleFile.Minimal))))).toEqual([
      [53, 53],
      [9092],
      [443],
    ]);
  });

  it('opens no rule for a loopback JWKS and takes URL ports and scheme defaults', () => {
    const policy = spec(
      renderNetworkPolicy(
        renderInput(SampleFile.Minimal, {
          kafka: { bootstrapServers: ['[::1]:19092', 'kafka:9092'] },
          membership: { url: 'https://messenger.chat.svc' },
          auth: {
            issuers: [
              { issuer: 'a', audience: 'x', jwksUrl: 'http://127.0.0.1:8443/jwks' },
              { issuer: 'b', audience: 'x', jwksUrl: 'https://idp.example:8443/jwks' },
              { issuer: 'c', audience: 'x', publicKeySecretRef: { name: 'k', key: 'k' } },
            ],
          },
        }),
      ),
    );
    expect(egressPorts(policy)).toEqual([[53, 53], [9092, 19092], [443], [8443]]);
  });
});
