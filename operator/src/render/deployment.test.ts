import { describe, expect, it } from 'vitest';
import { renderOwnedObjects } from './render-owned-objects.js';
import type { RenderedObject } from './render-input.js';
import { renderInput, SampleFile } from './test-support/chat-gateways.js';
import { containerOf, defined, deploymentSpecOf, podTemplateOf } from './test-support/inspect.js';

function render(file: string, spec: Record<string, unknown> = {}): RenderedObject[] {
  return renderOwnedObjects(renderInput(file, spec));
}

describe('Deployment', () => {
  const minimal = render(SampleFile.Minimal);
  const full = render(SampleFile.Full);

  it('has spec.replicas only while autoscaling is off', () => {
    expect(deploymentSpecOf(minimal).replicas).toBe(2);
    expect(deploymentSpecOf(full)).not.toHaveProperty('replicas');
  });

  it('selects by name and instance, and rolls out without losing capacity', () => {
    expect(deploymentSpecOf(full)).toMatchObject({
      selector: {
        matchLabels: { 'app.kubernetes.io/name': 'cmf-gateway', 'app.kubernetes.io/instance': 'chat-prod' },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
    });
  });

  it('runs the gateway and the sidecar from one image, the default image when the spec has none', () => {
    expect(containerOf(full, 'gateway')).toMatchObject({
      image: 'ghcr.io/cmf/gateway:0.1.0',
      command: ['cmf-gateway'],
    });
    expect(containerOf(full, 'auth-sidecar')).toMatchObject({
      image: 'ghcr.io/cmf/gateway:0.1.0',
      command: ['cmf-auth-sidecar'],
    });
    expect(containerOf(minimal, 'gateway').image).toBe('ghcr.io/cmf/gateway:0.2.0');
    expect(containerOf(minimal, 'gateway').imagePullPolicy).toBe('IfNotPresent');
    expect(defined(podTemplateOf(full).spec, 'pod').imagePullSecrets).toEqual([{ name: 'ghcr-pull' }]);
  });

  it('gives each container only its own ConfigMap, and the pod identity from the Downward API', () => {
    expect(containerOf(minimal, 'gateway').envFrom).toEqual([{ configMapRef: { name: 'chat-config' } }]);
    expect(containerOf(minimal, 'auth-sidecar').envFrom).toEqual([
      { configMapRef: { name: 'chat-sidecar-config' } },
    ]);
    expect(containerOf(minimal, 'gateway').env).toEqual([
      { name: 'CMF_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'CMF_POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'NODE_OPTIONS', value: '--max-semi-space-size=4 --disable-warning=TimeoutNegativeWarning' },
    ]);
  });

  it('names the ports and probes the admin ports', () => {
    const gateway = containerOf(minimal, 'gateway');
    expect(gateway.ports).toEqual([
      { name: 'ws', containerPort: 8080, protocol: 'TCP' },
      { name: 'admin', containerPort: 9090, protocol: 'TCP' },
    ]);
    expect(gateway.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'admin' });
    expect(gateway.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'admin' });
    expect(gateway.startupProbe?.httpGet).toEqual({ path: '/readyz', port: 'admin' });
    // The warm-up budget is minutes, not the few seconds a readiness probe tolerates.
    const startup = defined(gateway.startupProbe, 'startupProbe');
    expect((startup.periodSeconds ?? 10) * (startup.failureThreshold ?? 3)).toBeGreaterThanOrEqual(300);
    const sidecar = containerOf(minimal, 'auth-sidecar');
    expect(sidecar.ports).toEqual([{ name: 'sidecar-admin', containerPort: 9091, protocol: 'TCP' }]);
    expect(sidecar.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'sidecar-admin' });
    expect(sidecar.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'sidecar-admin' });
  });

  it('takes resources from the spec, quantities as strings', () => {
    expect(containerOf(full, 'gateway').resources).toEqual({
      requests: { cpu: '1', memory: '1Gi' },
      limits: { memory: '2Gi' },
    });
    expect(containerOf(minimal, 'auth-sidecar').resources).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { memory: '128Mi' },
    });
  });

  it('runs hardened: non-root, no privilege, read-only root, no capabilities, no API token', () => {
    const pod = defined(podTemplateOf(minimal).spec, 'pod');
    expect(pod).toMatchObject({
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 65532,
        runAsGroup: 65532,
        fsGroup: 65532,
        seccompProfile: { type: 'RuntimeDefault' },
      },
    });
    for (const container of pod.containers) {
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.volumeMounts).toContainEqual(expect.objectContaining({ mountPath: '/tmp' }));
    }
  });

  it('waits for the drain before killing: drain timeout + close grace + margin', () => {
    expect(defined(podTemplateOf(minimal).spec, 'pod').terminationGracePeriodSeconds).toBe(35);
    const slow = render(SampleFile.Minimal, { drain: { timeout: '90s', closeGrace: '1.5s' } });
    expect(defined(podTemplateOf(slow).spec, 'pod').terminationGracePeriodSeconds).toBe(97);
  });

  it('mounts each Secret read-only into the containers that read it', () => {
    const pod = defined(podTemplateOf(full).spec, 'pod');
    const secrets = (pod.volumes ?? []).filter((volume) => volume.secret !== undefined);
    expect(secrets.map((volume) => [volume.name, volume.secret?.secretName])).toEqual([
      ['sidecar-token', 'chat-prod-sidecar-token'],
      ['kafka-credentials', 'chat-prod-kafka-user'],
      ['kafka-ca', 'kafka-cluster-ca'],
      ['membership-token', 'messenger-api-token'],
      ['issuer-keys-1', 'partner-jwt-keys'],
    ]);
    const mounted = (container: string): string[] =>
      (containerOf(full, container).volumeMounts ?? []).filter((m) => m.readOnly === true).map((m) => m.name);
    expect(mounted('gateway')).toEqual([
      'sidecar-token',
      'kafka-credentials',
      'kafka-ca',
      'membership-token',
    ]);
    expect(mounted('auth-sidecar')).toEqual(['sidecar-config', 'sidecar-token', 'issuer-keys-1']);
    const minimalPod = defined(podTemplateOf(minimal).spec, 'pod');
    expect(
      (minimalPod.volumes ?? []).filter((volume) => volume.secret !== undefined).map((v) => v.name),
    ).toEqual(['sidecar-token']);
  });

  it('names in the environment only files under a mount of the same container', () => {
    for (const objects of [minimal, full]) {
      for (const [container, configMap] of [
        ['gateway', objects[0]],
        ['auth-sidecar', objects[1]],
      ] as const) {
        const mounts = (containerOf(objects, container).volumeMounts ?? []).map((mount) => mount.mountPath);
        const data = defined(configMap, 'ConfigMap')['data'] as Record<string, string>;
        const files = Object.entries(data).filter(([name]) => name.endsWith('_FILE'));
        expect(files.length).toBeGreaterThan(0);
        for (const [name, file] of files) {
          expect(
            mounts.some((dir) => file.startsWith(`${dir}/`)),
            `${container} ${name}=${file}`,
          ).toBe(true);
        }
      }
    }
  });

  it('schedules as the spec says, spreading over nodes and zones unless turned off', () => {
    const pod = defined(podTemplateOf(full).spec, 'pod');
    expect(pod).toMatchObject({
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'chat-critical',
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50 }] } },
    });
    expect(pod.tolerations).toHaveLength(2);
    expect(pod.topologySpreadConstraints?.map((c) => [c.topologyKey, c.whenUnsatisfiable])).toEqual([
      ['kubernetes.io/hostname', 'ScheduleAnyway'],
      ['topology.kubernetes.io/zone', 'ScheduleAnyway'],
    ]);
    const packed = render(SampleFile.Minimal, { scheduling: { topologySpread: false } });
    expect(defined(podTemplateOf(packed).spec, 'pod')).not.toHaveProperty('topologySpreadConstraints');
  });

  it('puts spec.podMetadata on the pod template only, with the config checksum', () => {
    const template = podTemplateOf(full);
    expect(template.metadata?.labels).toMatchObject({
      team: 'messaging',
      'app.kubernetes.io/version': '0.1.0',
    });
    expect(template.metadata?.annotations).toMatchObject({ 'example.com/log-format': 'json' });
    expect(template.metadata?.annotations?.['cmf.io/config-checksum']).toMatch(/^[0-9a-f]{64}$/);
    const deployment = defined(
      full.find((object) => object.kind === 'Deployment'),
      'Deployment',
    );
    expect(deployment.metadata.labels).not.toHaveProperty('team');
    expect(deployment.metadata).not.toHaveProperty('annotations');
  });
});
