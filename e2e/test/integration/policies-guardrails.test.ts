import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane, eventually, repoRoot } from '@cmf/test-harness';
import {
  crdFile,
  sample,
  merge,
  validSpec,
  isObject,
  type Json,
  type JsonObject,
} from '../support/chat-gateway-json.js';

// policies/chatgateway-guardrails.yaml on a real kube-apiserver: each guardrail refuses with its
// message, a good gateway passes, the development namespace label lifts the query-token ban, and
// neither the operator's status writes nor metadata-only updates of older objects are blocked.

const policyFile = path.join(repoRoot, 'policies', 'chatgateway-guardrails.yaml');

/** A ChatGateway the guardrails admit, with `spec` merged over it. */
function gateway(name: string, namespace: string, spec: JsonObject = {}): string {
  return JSON.stringify({
    apiVersion: 'cmf.io/v1alpha1',
    kind: 'ChatGateway',
    metadata: { name, namespace },
    spec: merge(validSpec, spec),
  });
}

const NO_ISSUER = 'spec.auth.issuers: at least one token issuer is required (cmf-chatgateway-guardrails)';

describe('ChatGateway guardrail policies on a real API server', () => {
  let plane: ControlPlane;

  const dryRun = (manifest: string): Promise<string> =>
    plane.kubectl(['create', '--dry-run=server', '-f', '-'], manifest);
  const refusedDryRun = (manifest: string): Promise<string> =>
    plane.refusal(['create', '--dry-run=server', '-f', '-'], manifest);

  beforeAll(async () => {
    plane = await ControlPlane.start();
    await plane.kubectl(['apply', '--server-side', '-f', crdFile]);
    await plane.kubectl(['wait', '--for=condition=Established', 'crd/chatgateways.cmf.io', '--timeout=60s']);
    await plane.kubectl(['create', 'namespace', 'dev']);
    await plane.kubectl(['label', 'namespace', 'dev', 'cmf.io/environment=development']);
    await plane.kubectl(['create', 'namespace', 'prod']);
    await plane.kubectl(['label', 'namespace', 'prod', 'cmf.io/environment=production']);
    // Created before the policies exist, and breaking one of them.
    await plane.kubectl(
      ['create', '-f', '-'],
      JSON.stringify({
        apiVersion: 'cmf.io/v1alpha1',
        kind: 'ChatGateway',
        metadata: { name: 'legacy', namespace: 'prod' },
        spec: { kafka: { topicPrefix: 'legacy' } },
      }),
    );

    await plane.kubectl(['apply', '--server-side', '-f', policyFile]);
    // Policies take effect once the API server's admission plugin has synced them; poll a request
    // they deny until it is denied.
    const noIssuer = gateway('probe', 'prod', { auth: { issuers: [] } });
    await eventually('the guardrails to take effect', async () => {
      try {
        await dryRun(noIssuer);
        return false;
      } catch (err) {
        return err instanceof Error && err.message.includes(NO_ISSUER);
      }
    });
  });

  afterAll(async () => {
    await plane.destroy();
  });

  it('type-checks cleanly against the CRD', async () => {
    /** The policy's type-checking result once it describes the current generation. */
    const typeChecking = async (name: string): Promise<Json> => {
      let result: Json = null;
      await eventually(`type checking of ${name}`, async () => {
        const policy = JSON.parse(
          await plane.kubectl(['get', 'validatingadmissionpolicy', name, '-o', 'json']),
        ) as Json;
        if (!isObject(policy) || !isObject(policy['metadata']) || !isObject(policy['status'])) return false;
        result = policy['status']['typeChecking'] ?? null;
        return policy['status']['observedGeneration'] === policy['metadata']['generation'] && result !== null;
      });
      return result;
    };
    // First show that this API server does check against ChatGateway's schema: a typo is reported.
    await plane.kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicy',
        metadata: { name: 'typo-probe' },
        spec: {
          matchConstraints: {
            resourceRules: [
              {
                apiGroups: ['cmf.io'],
                apiVersions: ['v1alpha1'],
                operations: ['CREATE'],
                resources: ['chatgateways'],
              },
            ],
          },
          validations: [{ expression: 'object.spec.replicaz <= 5' }],
        },
      }),
    );
    expect(JSON.stringify(await typeChecking('typo-probe'))).toContain("undefined field 'replicaz'");
    await plane.kubectl(['delete', 'validatingadmissionpolicy', 'typo-probe']);

    for (const name of ['cmf-chatgateway-guardrails', 'cmf-chatgateway-scale-guardrails']) {
      expect(await typeChecking(name), name).toEqual({});
    }
  });

  it('admits both samples', async () => {
    await plane.kubectl(['apply', '-n', 'prod', '-f', sample('chatgateway-sample.yaml')]);
    await plane.kubectl(['apply', '-n', 'prod', '-f', sample('chatgateway-full.yaml')]);
  });

  it('requires at least one issuer', async () => {
    expect(await refusedDryRun(gateway('none', 'prod', { auth: { issuers: [] } }))).toContain(NO_ISSUER);
    const withoutAuth = JSON.stringify({
      apiVersion: 'cmf.io/v1alpha1',
      kind: 'ChatGateway',
      metadata: { name: 'no-auth', namespace: 'prod' },
      spec: { kafka: { topicPrefix: 'x' } },
    });
    expect(await refusedDryRun(withoutAuth)).toContain(NO_ISSUER);
  });

  it('forbids query-string tokens outside namespaces labelled for development', async () => {
    const message =
      'spec.auth.queryToken: tokens in the URL query are allowed only in namespaces labelled cmf.io/environment=development';
    const queryToken = { auth: { queryToken: true } };
    expect(await refusedDryRun(gateway('qt', 'prod', queryToken))).toContain(message);
    expect(await refusedDryRun(gateway('qt', 'default', queryToken))).toContain(message);
    await plane.kubectl(['create', '-f', '-'], gateway('qt', 'dev', queryToken));
    // And on update: turning it on later in production is refused too.
    await plane.kubectl(['create', '-f', '-'], gateway('qt', 'prod'));
    expect(
      await plane.refusal([
        'patch',
        '-n',
        'prod',
        'cgw/qt',
        '--type=merge',
        '-p',
        JSON.stringify({ spec: queryToken }),
      ]),
    ).toContain(message);
  });

  it('caps replicas and autoscaling.maxReplicas at 50', async () => {
    expect(await refusedDryRun(gateway('big', 'prod', { replicas: 51 }))).toContain(
      'spec.replicas: 51 is above the platform limit of 50 (cmf-chatgateway-guardrails)',
    );
    expect(
      await refusedDryRun(gateway('big', 'prod', { autoscaling: { enabled: true, maxReplicas: 80 } })),
    ).toContain(
      'spec.autoscaling.maxReplicas: 80 is above the platform limit of 50 (cmf-chatgateway-guardrails)',
    );
    await dryRun(gateway('big', 'prod', { replicas: 50, autoscaling: { enabled: true, maxReplicas: 50 } }));
  });

  it('caps kubectl scale as well', async () => {
    await plane.kubectl(['create', '-f', '-'], gateway('scaled', 'prod'));
    expect(await plane.refusal(['scale', '-n', 'prod', 'cgw/scaled', '--replicas=51'])).toContain(
      'spec.replicas: 51 is above the platform limit of 50 (cmf-chatgateway-scale-guardrails)',
    );
    await plane.kubectl(['scale', '-n', 'prod', 'cgw/scaled', '--replicas=50']);
  });

  it('requires TLS on an enabled Ingress', async () => {
    const ingress = { enabled: true, host: 'chat.example.com' };
    expect(await refusedDryRun(gateway('web', 'prod', { ingress }))).toContain(
      'spec.ingress.tls: an enabled Ingress must terminate TLS',
    );
    await dryRun(gateway('web', 'prod', { ingress: { ...ingress, tls: { secretName: 'chat-tls' } } }));
  });

  it('lets an older object be relabelled, finalized and given status, but not changed', async () => {
    const legacy = ['-n', 'prod', 'cgw/legacy'];
    await plane.kubectl(['label', ...legacy, 'team=chat']);
    await plane.kubectl([
      'patch',
      ...legacy,
      '--type=merge',
      '-p',
      '{"metadata":{"finalizers":["cmf.io/topics"]}}',
    ]);
    await plane.kubectl([
      'patch',
      ...legacy,
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"observedGeneration":1}}',
    ]);
    expect(
      await plane.refusal(['patch', ...legacy, '--type=merge', '-p', '{"spec":{"replicas":3}}']),
    ).toContain(NO_ISSUER);
    // Removing the finalizer is a metadata-only update too, so deletion can always complete.
    await plane.kubectl(['delete', ...legacy, '--wait=false']);
    await plane.kubectl(['patch', ...legacy, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    await eventually(
      'legacy to be deleted',
      async () => (await plane.kubectl(['get', ...legacy, '--ignore-not-found', '-o', 'name'])).trim() === '',
    );
  });
});
