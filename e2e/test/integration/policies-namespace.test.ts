import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane, repoRoot, eventually } from '@cmf/test-harness';

// policies/namespace.yaml and policies/network-policies.yaml on a real kube-apiserver: Pod
// Security Admission in the gateway namespace admits a pod with the security context the operator
// renders (policies/pod-security.md) and refuses weaker ones; the NetworkPolicies are valid and
// select exactly the gateway pods. (Enforcing NetworkPolicy needs a CNI, which this control plane
// has not: what is tested is that the API server takes them and what they select.)

const namespaceFile = path.join(repoRoot, 'policies', 'namespace.yaml');
const networkPoliciesFile = path.join(repoRoot, 'policies', 'network-policies.yaml');

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
type JsonObject = { readonly [key: string]: Json };

const restrictedContainer = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

/** A gateway pod as pod-security.md says the operator renders it, with overrides. */
function gatewayPod(
  name: string,
  podSecurity: JsonObject = {},
  gatewaySecurity: JsonObject = restrictedContainer,
): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { 'app.kubernetes.io/name': 'cmf-gateway' } },
    spec: {
      automountServiceAccountToken: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 65532,
        runAsGroup: 65532,
        seccompProfile: { type: 'RuntimeDefault' },
        ...podSecurity,
      },
      containers: [
        {
          name: 'gateway',
          image: 'ghcr.io/cmf/gateway:0.1.0',
          ports: [
            { name: 'ws', containerPort: 8080 },
            { name: 'admin', containerPort: 9090 },
          ],
          securityContext: gatewaySecurity,
        },
        {
          name: 'auth-sidecar',
          image: 'ghcr.io/cmf/gateway:0.1.0',
          securityContext: restrictedContainer,
        },
      ],
    },
  });
}

describe('gateway namespace policies on a real API server', () => {
  let plane: ControlPlane;

  beforeAll(async () => {
    plane = await ControlPlane.start();
    await plane.kubectl(['apply', '-f', namespaceFile]);
    await plane.kubectl(['create', 'namespace', 'unlabelled']);
    // Pods need their namespace's default ServiceAccount, which kube-controller-manager creates.
    for (const ns of ['chat', 'unlabelled']) {
      await eventually(`the default ServiceAccount in ${ns}`, async () =>
        (
          await plane.kubectl([
            'get',
            'serviceaccount',
            'default',
            '-n',
            ns,
            '--ignore-not-found',
            '-o',
            'name',
          ])
        ).includes('default'),
      );
    }
  });

  afterAll(async () => {
    await plane.destroy();
  });

  it('labels the namespace for Pod Security restricted and the guardrails', async () => {
    const labels = JSON.parse(
      await plane.kubectl(['get', 'namespace', 'chat', '-o', 'jsonpath={.metadata.labels}']),
    ) as JsonObject;
    expect(labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.30',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'cmf.io/environment': 'production',
    });
  });

  it('admits a gateway pod with the security context the operator renders', async () => {
    await plane.kubectl(['create', '-n', 'chat', '-f', '-'], gatewayPod('gateway'));
  });

  const weaker: readonly { title: string; pod: JsonObject; container: JsonObject; violation: string }[] = [
    {
      title: 'root allowed',
      pod: { runAsNonRoot: false },
      container: restrictedContainer,
      violation: 'runAsNonRoot != true',
    },
    {
      title: 'no seccomp profile',
      pod: { seccompProfile: { type: 'Unconfined' } },
      container: restrictedContainer,
      violation: 'seccompProfile',
    },
    {
      title: 'capabilities kept',
      pod: {},
      container: { ...restrictedContainer, capabilities: { add: ['NET_ADMIN'] } },
      violation: 'unrestricted capabilities',
    },
    {
      title: 'privilege escalation allowed',
      pod: {},
      container: { ...restrictedContainer, allowPrivilegeEscalation: true },
      violation: 'allowPrivilegeEscalation != false',
    },
    {
      title: 'privileged',
      pod: {},
      // Privileged implies privilege escalation (the API server refuses the combination with false).
      container: { ...restrictedContainer, allowPrivilegeEscalation: true, privileged: true },
      violation: 'privileged (container "gateway" must not set securityContext.privileged=true)',
    },
  ];

  it.each(weaker)('refuses a pod with $title', async ({ pod, container, violation }) => {
    const error = await plane.refusal(
      ['create', '--dry-run=server', '-n', 'chat', '-f', '-'],
      gatewayPod('weak', pod, container),
    );
    expect(error).toContain('violates PodSecurity "restricted:v1.30"');
    expect(error).toContain(violation);
  });

  it('leaves namespaces without the labels alone', async () => {
    await plane.kubectl(
      ['create', '--dry-run=server', '-n', 'unlabelled', '-f', '-'],
      gatewayPod('weak', { runAsNonRoot: false }, { privileged: true }),
    );
  });

  it('installs the NetworkPolicies, each selecting only the gateway pods', async () => {
    await plane.kubectl(['apply', '-n', 'chat', '-f', networkPoliciesFile]);
    const list = JSON.parse(await plane.kubectl(['get', 'networkpolicies', '-n', 'chat', '-o', 'json'])) as {
      items: {
        metadata: { name: string };
        spec: { podSelector: JsonObject; policyTypes: string[]; ingress?: Json[]; egress?: Json[] };
      }[];
    };
    const byName = new Map(list.items.map((p) => [p.metadata.name, p.spec]));
    expect([...byName.keys()].sort()).toEqual([
      'cmf-gateway-allow-clients',
      'cmf-gateway-allow-dns',
      'cmf-gateway-allow-jwks',
      'cmf-gateway-allow-kafka',
      'cmf-gateway-allow-membership',
      'cmf-gateway-allow-metrics',
      'cmf-gateway-default-deny',
    ]);
    for (const [name, spec] of byName) {
      expect(spec.podSelector, name).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'cmf-gateway' } });
    }
    // The deny-all has no rule of its own, in both directions.
    expect(byName.get('cmf-gateway-default-deny')).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'cmf-gateway' } },
      policyTypes: ['Ingress', 'Egress'],
    });
    // Named ports resolve against the gateway container's ports.
    expect(JSON.stringify(byName.get('cmf-gateway-allow-clients'))).toContain('"port":"ws"');
    expect(JSON.stringify(byName.get('cmf-gateway-allow-metrics'))).toContain('"port":"admin"');
  });
});
