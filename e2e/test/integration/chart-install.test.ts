import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane, eventually, helm, repoRoot } from '@cmf/test-harness';

// charts/cmf on a real API server: `helm install` creates the operator, its ServiceAccount and
// RBAC and the ChatGateway CRD; the API server's own authorizer (`kubectl auth can-i --as`)
// proves the RBAC grants what the operator needs and nothing it does not; `helm uninstall`
// removes it all; and every object `helm template` renders, with defaults and with every toggle
// on, passes the API server's validation in a server-side dry run. There is no kubelet here, so
// the operator's pods are created but never run.

const chart = path.join(repoRoot, 'charts', 'cmf');
const allOnValues = path.join(chart, 'ci', 'all-on-values.yaml');
const RELEASE_NAMESPACE = 'cmf-system';
const OPERATOR = `system:serviceaccount:${RELEASE_NAMESPACE}:cmf-operator`;

/** Just enough of the Prometheus Operator's ServiceMonitor CRD for the API server to serve the kind. */
const serviceMonitorCrd = JSON.stringify({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'servicemonitors.monitoring.coreos.com' },
  spec: {
    group: 'monitoring.coreos.com',
    scope: 'Namespaced',
    names: {
      kind: 'ServiceMonitor',
      listKind: 'ServiceMonitorList',
      plural: 'servicemonitors',
      singular: 'servicemonitor',
    },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
});

describe('the cmf chart on a real API server', () => {
  let plane: ControlPlane;
  let kubeVersion: string;

  /** Runs helm against this control plane; rejects with helm's own message when it fails. */
  const helmOk = async (args: readonly string[]): Promise<string> => {
    const result = await helm([...args, '--kubeconfig', plane.kubeconfig]);
    if (result.exitCode !== 0) throw new Error(`helm ${args.join(' ')} failed:\n${result.stderr}`);
    return result.stdout;
  };

  /** `helm template` for this cluster's Kubernetes version (the chart requires 1.30+). */
  const template = (release: string, namespace: string, extra: readonly string[] = []): Promise<string> =>
    helmOk(['template', release, chart, '--namespace', namespace, '--kube-version', kubeVersion, ...extra]);

  /** What the API server's authorizer answers for `verb` on `resource` as the operator's ServiceAccount. */
  const operatorCan = async (verb: string, resource: string, ...scope: string[]): Promise<boolean> => {
    try {
      await plane.kubectl(['auth', 'can-i', verb, resource, `--as=${OPERATOR}`, ...scope]);
      return true;
    } catch (err) {
      // can-i exits 1 and prints "no" for a refusal; anything else is a failure of the test itself.
      if (typeof err === 'object' && err !== null && 'stdout' in err && String(err.stdout).trim() === 'no') {
        return false;
      }
      throw err;
    }
  };

  const exists = async (...args: string[]): Promise<boolean> => {
    const out = await plane.kubectl(['get', ...args, '--ignore-not-found', '-o', 'name']);
    return out.trim() !== '';
  };

  /** `kubectl apply --server-side --dry-run=server` of a multi-document manifest; the objects it names. */
  const dryRunApply = async (manifest: string): Promise<string[]> => {
    const out = await plane.kubectl(
      ['apply', '--server-side', '--dry-run=server', '--field-manager=helm', '-f', '-'],
      manifest,
    );
    return out
      .trim()
      .split('\n')
      .filter((line) => line !== '');
  };

  /** Kinds and names of the documents of a rendered manifest, as `kind/name`. */
  const documents = (manifest: string): string[] =>
    manifest
      .split(/^---\s*$/m)
      .map((doc) => ({
        kind: /^kind: (\S+)$/m.exec(doc)?.[1],
        name: /^ {2}name: (\S+)$/m.exec(doc)?.[1],
      }))
      .filter((doc) => doc.kind !== undefined && doc.name !== undefined)
      .map((doc) => `${String(doc.kind)}/${String(doc.name)}`);

  beforeAll(async () => {
    plane = await ControlPlane.start();
    const version = JSON.parse(await plane.kubectl(['version', '-o', 'json'])) as {
      serverVersion: { gitVersion: string };
    };
    kubeVersion = version.serverVersion.gitVersion;
    // The operator's namespace enforces the restricted Pod Security profile, so the pods the
    // ReplicaSet creates prove the chart's security context meets it.
    await plane.kubectl(['create', 'namespace', RELEASE_NAMESPACE]);
    await plane.kubectl([
      'label',
      'namespace',
      RELEASE_NAMESPACE,
      'pod-security.kubernetes.io/enforce=restricted',
      'pod-security.kubernetes.io/enforce-version=v1.30',
    ]);
    for (const ns of ['chat-a', 'chat-b']) await plane.kubectl(['create', 'namespace', ns]);
  });

  afterAll(async () => {
    await plane.destroy();
  });

  describe('helm install with the default values', () => {
    beforeAll(async () => {
      expect(await exists('crd', 'chatgateways.cmf.io')).toBe(false);
      await helmOk(['install', 'cmf', chart, '--namespace', RELEASE_NAMESPACE]);
    });

    it('installs the ChatGateway CRD, which becomes established and serves `cgw`', async () => {
      await plane.kubectl([
        'wait',
        '--for=condition=Established',
        'crd/chatgateways.cmf.io',
        '--timeout=60s',
      ]);
      expect(await plane.kubectl(['get', 'cgw', '--all-namespaces', '-o', 'name'])).toBe('');
    });

    it('creates the operator Deployment, ServiceAccount, metrics Service and RBAC', async () => {
      const ns = ['--namespace', RELEASE_NAMESPACE];
      expect(await exists('deployment', 'cmf-operator', ...ns)).toBe(true);
      expect(await exists('serviceaccount', 'cmf-operator', ...ns)).toBe(true);
      expect(await exists('service', 'cmf-operator-metrics', ...ns)).toBe(true);
      expect(await exists('clusterrole', 'cmf-operator')).toBe(true);
      expect(await exists('clusterrolebinding', 'cmf-operator')).toBe(true);
      expect(await exists('role', 'cmf-operator-leader-election', ...ns)).toBe(true);
      expect(await exists('rolebinding', 'cmf-operator-leader-election', ...ns)).toBe(true);
      const deployment = JSON.parse(
        await plane.kubectl(['get', 'deployment', 'cmf-operator', ...ns, '-o', 'json']),
      ) as { spec: { template: { spec: { containers: { image: string; command: string[] }[] } } } };
      expect(deployment.spec.template.spec.containers[0]).toMatchObject({
        image: 'ghcr.io/cmf-platform/cmf-operator:0.1.0',
        command: ['cmf-operator'],
      });
    });

    it("gets its pod created in a namespace that enforces Pod Security's restricted profile", async () => {
      // First show the namespace does enforce it: a pod asking for root is refused.
      const refusal = await plane.refusal([
        'run',
        'root-probe',
        '--namespace',
        RELEASE_NAMESPACE,
        '--image=busybox',
        '--dry-run=server',
      ]);
      expect(refusal).toContain('violates PodSecurity "restricted');
      await eventually('the ReplicaSet to create the operator pod', async () => {
        const pods = await plane.kubectl([
          'get',
          'pods',
          '--namespace',
          RELEASE_NAMESPACE,
          '--selector',
          'app.kubernetes.io/component=operator,app.kubernetes.io/instance=cmf',
          '-o',
          'name',
        ]);
        return pods.trim().split('\n').filter(Boolean).length === 1;
      });
    });

    it('lets the operator do its work on ChatGateways and what it renders, in every namespace', async () => {
      const all = '--all-namespaces';
      for (const verb of ['get', 'list', 'watch', 'update', 'patch']) {
        expect(await operatorCan(verb, 'chatgateways.cmf.io', all), `${verb} chatgateways`).toBe(true);
      }
      expect(await operatorCan('update', 'chatgateways.cmf.io', '--subresource=status', all)).toBe(true);
      expect(await operatorCan('update', 'chatgateways.cmf.io', '--subresource=finalizers', all)).toBe(true);
      const owned = [
        'configmaps',
        'secrets',
        'services',
        'deployments.apps',
        'horizontalpodautoscalers.autoscaling',
        'poddisruptionbudgets.policy',
        'ingresses.networking.k8s.io',
        'networkpolicies.networking.k8s.io',
      ];
      for (const resource of owned) {
        for (const verb of ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']) {
          expect(await operatorCan(verb, resource, '--namespace', 'chat-a'), `${verb} ${resource}`).toBe(
            true,
          );
        }
      }
      expect(await operatorCan('create', 'events.events.k8s.io', '--namespace', 'chat-a')).toBe(true);
      expect(await operatorCan('patch', 'events.events.k8s.io', '--namespace', 'chat-a')).toBe(true);
    });

    it('lets the operator hold its own Lease in its own namespace only', async () => {
      const own = ['--namespace', RELEASE_NAMESPACE];
      expect(await operatorCan('create', 'leases.coordination.k8s.io', ...own)).toBe(true);
      expect(await operatorCan('get', 'leases.coordination.k8s.io/cmf-operator', ...own)).toBe(true);
      expect(await operatorCan('update', 'leases.coordination.k8s.io/cmf-operator', ...own)).toBe(true);
      expect(await operatorCan('update', 'leases.coordination.k8s.io/kube-controller-manager', ...own)).toBe(
        false,
      );
      expect(await operatorCan('delete', 'leases.coordination.k8s.io/cmf-operator', ...own)).toBe(false);
      expect(await operatorCan('create', 'leases.coordination.k8s.io', '--namespace', 'kube-system')).toBe(
        false,
      );
    });

    it('refuses the operator everything else', async () => {
      const all = '--all-namespaces';
      expect(await operatorCan('delete', 'nodes')).toBe(false);
      expect(await operatorCan('get', 'pods', '--subresource=log', all)).toBe(false);
      expect(await operatorCan('get', 'pods', all)).toBe(false);
      expect(await operatorCan('create', 'pods', all)).toBe(false);
      expect(await operatorCan('create', 'chatgateways.cmf.io', all)).toBe(false);
      expect(await operatorCan('delete', 'chatgateways.cmf.io', all)).toBe(false);
      expect(await operatorCan('list', 'namespaces')).toBe(false);
      expect(await operatorCan('create', 'clusterroles.rbac.authorization.k8s.io')).toBe(false);
      expect(await operatorCan('create', 'rolebindings.rbac.authorization.k8s.io', all)).toBe(false);
      expect(await operatorCan('update', 'customresourcedefinitions.apiextensions.k8s.io')).toBe(false);
      expect(await operatorCan('impersonate', 'serviceaccounts', all)).toBe(false);
      expect(await operatorCan('create', 'serviceaccounts', '--subresource=token', all)).toBe(false);
    });

    it('removes everything but the CRD on helm uninstall', async () => {
      await helmOk(['uninstall', 'cmf', '--namespace', RELEASE_NAMESPACE, '--wait', '--timeout', '120s']);
      const ns = ['--namespace', RELEASE_NAMESPACE];
      await eventually('the release objects to be gone', async () => {
        const left = await Promise.all([
          exists('deployment', 'cmf-operator', ...ns),
          exists('serviceaccount', 'cmf-operator', ...ns),
          exists('service', 'cmf-operator-metrics', ...ns),
          exists('clusterrole', 'cmf-operator'),
          exists('clusterrolebinding', 'cmf-operator'),
          exists('role', 'cmf-operator-leader-election', ...ns),
          exists('rolebinding', 'cmf-operator-leader-election', ...ns),
        ]);
        return left.every((present) => !present);
      });
      expect(await operatorCan('list', 'chatgateways.cmf.io', '--all-namespaces')).toBe(false);
      // Helm never deletes CRDs: that would delete every ChatGateway with it.
      expect(await exists('crd', 'chatgateways.cmf.io')).toBe(true);
    });
  });

  describe('helm install watching some namespaces', () => {
    const release = 'cmf-scoped';
    const operator = `system:serviceaccount:${RELEASE_NAMESPACE}:${release}-operator`;

    const scopedCan = async (...args: string[]): Promise<boolean> => {
      const out = await plane
        .kubectl(['auth', 'can-i', ...args, `--as=${operator}`])
        .catch((err: unknown) =>
          typeof err === 'object' && err !== null && 'stdout' in err ? String(err.stdout) : '',
        );
      return out.trim() === 'yes';
    };

    beforeAll(async () => {
      await helmOk([
        'install',
        release,
        chart,
        '--namespace',
        RELEASE_NAMESPACE,
        '--set',
        'operator.watchNamespaces={chat-a}',
      ]);
    });

    afterAll(async () => {
      await helmOk(['uninstall', release, '--namespace', RELEASE_NAMESPACE, '--wait', '--timeout', '120s']);
    });

    it('grants a Role in the watched namespace and nothing cluster-wide', async () => {
      expect(await exists('role', `${release}-operator`, '--namespace', 'chat-a')).toBe(true);
      expect(await exists('clusterrole', `${release}-operator`)).toBe(false);
      expect(await scopedCan('list', 'chatgateways.cmf.io', '--namespace', 'chat-a')).toBe(true);
      expect(await scopedCan('create', 'deployments.apps', '--namespace', 'chat-a')).toBe(true);
      expect(await scopedCan('list', 'chatgateways.cmf.io', '--namespace', 'chat-b')).toBe(false);
      expect(await scopedCan('create', 'deployments.apps', '--namespace', 'chat-b')).toBe(false);
      expect(await scopedCan('list', 'chatgateways.cmf.io', '--all-namespaces')).toBe(false);
      expect(
        await scopedCan(
          'update',
          `leases.coordination.k8s.io/${release}-operator`,
          '--namespace',
          RELEASE_NAMESPACE,
        ),
      ).toBe(true);
    });
  });

  describe('helm template applied with a server-side dry run', () => {
    beforeAll(async () => {
      await plane.kubectl([
        'apply',
        '--server-side',
        '-f',
        path.join(chart, 'crds', 'chatgateways.cmf.io.yaml'),
      ]);
      await plane.kubectl([
        'wait',
        '--for=condition=Established',
        'crd/chatgateways.cmf.io',
        '--timeout=60s',
      ]);
    });

    it('accepts every object of the default values', async () => {
      const manifest = await template('cmf', RELEASE_NAMESPACE);
      const rendered = documents(manifest);
      expect(rendered).toContain('Deployment/cmf-operator');
      const applied = await dryRunApply(manifest);
      expect(applied).toHaveLength(rendered.length);
      for (const line of applied) expect(line).toMatch(/serverside-applied \(server dry run\)$/);
    });

    it('accepts watched namespaces: a Role and RoleBinding in each', async () => {
      const manifest = await template('cmf', RELEASE_NAMESPACE, [
        '--set',
        'operator.watchNamespaces={chat-a,chat-b}',
      ]);
      const applied = await dryRunApply(manifest);
      expect(
        applied.filter((line) => line.startsWith('role.rbac.authorization.k8s.io/cmf-operator ')),
      ).toHaveLength(2);
      expect(applied.join('\n')).not.toContain('clusterrole.rbac.authorization.k8s.io/cmf-operator ');
    });

    it('renders a ServiceMonitor with "auto" only once the cluster serves the kind', async () => {
      const installDryRun = (): Promise<string> =>
        helmOk([
          'install',
          'cmf-auto',
          chart,
          '--namespace',
          RELEASE_NAMESPACE,
          '--dry-run=server',
          '--set',
          'serviceMonitor.enabled=auto',
        ]);
      expect(documents(await installDryRun()).filter((d) => d.startsWith('ServiceMonitor/'))).toEqual([]);

      await plane.kubectl(['apply', '--server-side', '-f', '-'], serviceMonitorCrd);
      await plane.kubectl([
        'wait',
        '--for=condition=Established',
        'crd/servicemonitors.monitoring.coreos.com',
        '--timeout=60s',
      ]);
      await eventually('helm to see the ServiceMonitor kind', async () =>
        documents(await installDryRun()).includes('ServiceMonitor/cmf-auto-operator'),
      );
      expect(documents(await installDryRun()).filter((d) => d.startsWith('ServiceMonitor/'))).toEqual([
        'ServiceMonitor/cmf-auto-operator',
        'ServiceMonitor/cmf-auto-gateways',
      ]);
    });

    it('accepts every object with every toggle on', async () => {
      await plane.kubectl(['apply', '--server-side', '-f', '-'], serviceMonitorCrd);
      await plane.kubectl([
        'wait',
        '--for=condition=Established',
        'crd/servicemonitors.monitoring.coreos.com',
        '--timeout=60s',
      ]);
      const manifest = await template('cmf', RELEASE_NAMESPACE, ['--values', allOnValues]);
      const rendered = documents(manifest);
      for (const object of [
        'PodDisruptionBudget/cmf-operator',
        'ServiceMonitor/cmf-operator',
        'ServiceMonitor/cmf-gateways',
        'ConfigMap/cmf-dashboard',
        'ValidatingAdmissionPolicy/cmf-chatgateway-guardrails',
        'ValidatingAdmissionPolicyBinding/cmf-chatgateway-guardrails',
        'ValidatingAdmissionPolicy/cmf-chatgateway-scale-guardrails',
        'ValidatingAdmissionPolicyBinding/cmf-chatgateway-scale-guardrails',
        'ChatGateway/chat',
      ]) {
        expect(rendered).toContain(object);
      }
      const applied = await dryRunApply(manifest);
      expect(applied).toHaveLength(rendered.length);
      for (const line of applied) expect(line).toMatch(/serverside-applied \(server dry run\)$/);
    });

    it('is refused by the API server when a rendered object is wrong, so the dry runs above can fail', async () => {
      const manifest = await template('cmf', RELEASE_NAMESPACE);
      const broken = manifest.replace('runAsUser: 65532', 'runAsUser: -1');
      expect(broken).not.toBe(manifest);
      const refusal = await plane.refusal(
        ['apply', '--server-side', '--dry-run=server', '--field-manager=helm', '-f', '-'],
        broken,
      );
      expect(refusal).toContain('runAsUser');
    });
  });
});
