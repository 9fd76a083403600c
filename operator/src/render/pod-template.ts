import type {
  V1Container,
  V1PodTemplateSpec,
  V1Probe,
  V1ResourceRequirements,
  V1SecurityContext,
  V1TopologySpreadConstraint,
  V1Volume,
  V1VolumeMount,
} from './kube-model.js';
import { GATEWAY_NODE_OPTIONS } from '@cmf/gateway';
import type { ResourceRequirements } from '../api/v1alpha1/index.js';
import { CONFIG_CHECKSUM_ANNOTATION } from './config-checksum.js';
import { durationMs } from './duration.js';
import { imageReference, imageTag } from './image.js';
import { podLabels, selectorLabels } from './labels.js';
import { objectNames } from './object-names.js';
import { secretMounts, type PodFiles } from './pod-files.js';
import { ContainerName, ContainerPort, NonRootId, PortName, ProbePath } from './pod-layout.js';
import type { RenderInput } from './render-input.js';

// Secret files are readable by the pod's group (fsGroup) only; the processes run as that group.
const SECRET_FILE_MODE = 0o440;
// Room for the process to exit after its own drain deadline, before the kubelet's SIGKILL.
const TERMINATION_MARGIN_SECONDS = 5;
// The gateway turns ready once every partition has caught up from history.maxAge back; on a busy
// topic that read can take minutes. Liveness is not checked before, and a pod still cold after
// this long is restarted with fresh Kafka connections rather than left unready for ever.
const WARM_UP_BUDGET_SECONDS = 600;
const PROBE_PERIOD_SECONDS = 5;
const TMP_SIZE_LIMIT = '64Mi';

const containerSecurityContext: V1SecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

function httpProbe(path: string, port: string, failureThreshold: number, periodSeconds: number): V1Probe {
  return { httpGet: { path, port }, periodSeconds, timeoutSeconds: 2, failureThreshold };
}

/** corev1 ResourceRequirements with every quantity a string, as the API serves them. */
function resources(spec: ResourceRequirements): V1ResourceRequirements {
  const quantities = (map: Readonly<Record<string, string | number>>): Record<string, string> =>
    Object.fromEntries(Object.entries(map).map(([name, value]) => [name, String(value)]));
  return {
    ...(spec.requests === undefined ? {} : { requests: quantities(spec.requests) }),
    ...(spec.limits === undefined ? {} : { limits: quantities(spec.limits) }),
  };
}

/**
 * Seconds the kubelet waits after SIGTERM: the gateway exits within drain.timeout (closeGrace is
 * inside it; both are added so a spec with a long grace never cuts it short), plus a margin.
 */
export function terminationGracePeriodSeconds(input: RenderInput): number {
  const { drain } = input.gateway.spec;
  const drainMs = durationMs(drain.timeout, 'spec.drain.timeout');
  const graceMs = durationMs(drain.closeGrace, 'spec.drain.closeGrace');
  return Math.ceil((drainMs + graceMs) / 1000) + TERMINATION_MARGIN_SECONDS;
}

function topologySpread(input: RenderInput): V1TopologySpreadConstraint[] {
  const labelSelector = { matchLabels: { ...selectorLabels(input.gateway) } };
  // ScheduleAnyway on both: a single-zone or small cluster must still run every replica.
  // pod-template-hash spreads each rollout's new pods on their own, not against the old ones.
  return ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector,
    matchLabelKeys: ['pod-template-hash'],
  }));
}

function volumes(files: PodFiles): V1Volume[] {
  return [
    { name: 'gateway-tmp', emptyDir: { sizeLimit: TMP_SIZE_LIMIT } },
    { name: 'sidecar-tmp', emptyDir: { sizeLimit: TMP_SIZE_LIMIT } },
    {
      name: files.sidecarConfig.volume,
      configMap: {
        name: files.sidecarConfig.configMapName,
        items: [{ key: files.issuersKey, path: files.issuersKey }],
      },
    },
    ...secretMounts(files).map((mount) => ({
      name: mount.volume,
      secret: {
        secretName: mount.secretName,
        items: mount.items.map((item) => ({ ...item })),
        defaultMode: SECRET_FILE_MODE,
      },
    })),
  ];
}

function volumeMounts(files: PodFiles, container: ContainerName): V1VolumeMount[] {
  const tmp = container === ContainerName.Gateway ? 'gateway-tmp' : 'sidecar-tmp';
  return [
    { name: tmp, mountPath: '/tmp' },
    ...(container === ContainerName.Sidecar
      ? [{ name: files.sidecarConfig.volume, mountPath: files.sidecarConfig.mountPath, readOnly: true }]
      : []),
    ...secretMounts(files)
      .filter((mount) => mount.containers.includes(container))
      .map((mount) => ({ name: mount.volume, mountPath: mount.mountPath, readOnly: true })),
  ];
}

function gatewayContainer(input: RenderInput, files: PodFiles, image: string): V1Container {
  const { spec } = input.gateway;
  return {
    name: ContainerName.Gateway,
    image,
    imagePullPolicy: spec.image.pullPolicy,
    command: ['cmf-gateway'],
    ports: [
      { name: PortName.WebSocket, containerPort: ContainerPort.WebSocket, protocol: 'TCP' },
      { name: PortName.Admin, containerPort: ContainerPort.Admin, protocol: 'TCP' },
    ],
    envFrom: [{ configMapRef: { name: objectNames(input.gateway).gatewayConfig } }],
    env: [
      { name: 'CMF_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'CMF_POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      // The V8 sizing the gateway is measured with (a smaller young generation: see its docs).
      { name: 'NODE_OPTIONS', value: GATEWAY_NODE_OPTIONS },
    ],
    resources: resources(spec.resources.gateway),
    startupProbe: httpProbe(
      ProbePath.Ready,
      PortName.Admin,
      Math.ceil(WARM_UP_BUDGET_SECONDS / PROBE_PERIOD_SECONDS),
      PROBE_PERIOD_SECONDS,
    ),
    readinessProbe: httpProbe(ProbePath.Ready, PortName.Admin, 2, PROBE_PERIOD_SECONDS),
    livenessProbe: httpProbe(ProbePath.Live, PortName.Admin, 3, 10),
    volumeMounts: volumeMounts(files, ContainerName.Gateway),
    securityContext: containerSecurityContext,
  };
}

function sidecarContainer(input: RenderInput, files: PodFiles, image: string): V1Container {
  const { spec } = input.gateway;
  return {
    name: ContainerName.Sidecar,
    image,
    imagePullPolicy: spec.image.pullPolicy,
    command: ['cmf-auth-sidecar'],
    ports: [{ name: PortName.SidecarAdmin, containerPort: ContainerPort.SidecarAdmin, protocol: 'TCP' }],
    envFrom: [{ configMapRef: { name: objectNames(input.gateway).sidecarConfig } }],
    resources: resources(spec.resources.sidecar),
    // Not ready until every issuer's keys are usable (a JWKS after its first fetch), so a pod
    // whose sidecar cannot verify tokens gets no clients.
    readinessProbe: httpProbe(ProbePath.Ready, PortName.SidecarAdmin, 2, PROBE_PERIOD_SECONDS),
    livenessProbe: httpProbe(ProbePath.Live, PortName.SidecarAdmin, 3, 10),
    volumeMounts: volumeMounts(files, ContainerName.Sidecar),
    securityContext: containerSecurityContext,
  };
}

/**
 * The gateway pod: the gateway and its auth sidecar from one image, hardened to the Pod Security
 * `restricted` profile and beyond (policies/pod-security.md).
 *
 * No preStop hook: on SIGTERM the gateway itself turns unready, answers new upgrades with 503 (so
 * a client routed here before the endpoints update just retries elsewhere) and closes its clients
 * with "reconnect elsewhere"; a sleeping preStop would only delay that. The sidecar stopping at
 * the same time is harmless: a draining gateway admits no handshakes.
 */
export function podTemplate(input: RenderInput, files: PodFiles, checksum: string): V1PodTemplateSpec {
  const { gateway, defaults } = input;
  const { spec } = gateway;
  const image = imageReference(gateway, defaults);
  const scheduling = spec.scheduling;
  return {
    metadata: {
      labels: { ...podLabels(gateway, imageTag(image)) },
      annotations: { ...spec.podMetadata?.annotations, [CONFIG_CHECKSUM_ANNOTATION]: checksum },
    },
    spec: {
      // The gateway never calls the Kubernetes API.
      automountServiceAccountToken: false,
      // Service links would put <SERVICE>_PORT-style variables into the environment; a Service
      // named "cmf" would add CMF_* variables the processes do not know.
      enableServiceLinks: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: NonRootId,
        runAsGroup: NonRootId,
        fsGroup: NonRootId,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      terminationGracePeriodSeconds: terminationGracePeriodSeconds(input),
      containers: [gatewayContainer(input, files, image), sidecarContainer(input, files, image)],
      volumes: volumes(files),
      ...(spec.image.pullSecrets === undefined
        ? {}
        : { imagePullSecrets: spec.image.pullSecrets.map(({ name }) => ({ name })) }),
      ...(scheduling.nodeSelector === undefined ? {} : { nodeSelector: { ...scheduling.nodeSelector } }),
      ...(scheduling.tolerations === undefined
        ? {}
        : { tolerations: scheduling.tolerations.map((toleration) => ({ ...toleration })) }),
      ...(scheduling.affinity === undefined ? {} : { affinity: structuredClone(scheduling.affinity) }),
      ...(scheduling.priorityClassName === undefined
        ? {}
        : { priorityClassName: scheduling.priorityClassName }),
      ...(scheduling.topologySpread ? { topologySpreadConstraints: topologySpread(input) } : {}),
    },
  };
}
