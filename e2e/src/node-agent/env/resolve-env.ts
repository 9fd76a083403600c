import type { V1Container, V1EnvVar } from '../kube/objects.js';
import { NodeAgentError, NodeAgentErrorCode } from '../errors.js';
import type { Pod } from '../kube/objects.js';
import { configMapEntries, secretEntries, type ConfigSources } from './config-sources.js';
import { expandVars } from './expand-vars.js';
import { resolveFieldRef, resolveResourceFieldRef, type PodPlacement } from './field-ref.js';

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

function missing(message: string): NodeAgentError {
  // The kubelet retries these (CreateContainerConfigError): the object may be created later.
  return new NodeAgentError(NodeAgentErrorCode.ConfigSource, message, true);
}

/**
 * The container's environment in the kubelet's order of precedence: `base` (service variables),
 * then envFrom sources in order, then env entries, each later one replacing an earlier one.
 * `$(VAR)` in env values expands against what is defined before it.
 */
export async function resolveEnv(
  pod: Pod,
  container: V1Container,
  placement: PodPlacement,
  sources: ConfigSources,
  base: Readonly<Record<string, string>> = {},
): Promise<Map<string, string>> {
  const namespace = pod.metadata.namespace ?? 'default';
  const env = new Map<string, string>(Object.entries(base));

  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    let entries: Map<string, Buffer> | undefined;
    if (from.configMapRef !== undefined) {
      const name = from.configMapRef.name ?? '';
      const cm = await sources.configMap(namespace, name);
      if (cm === undefined && from.configMapRef.optional !== true)
        throw missing(`configmap "${name}" not found`);
      entries = cm === undefined ? undefined : configMapEntries(cm);
    } else if (from.secretRef !== undefined) {
      const name = from.secretRef.name ?? '';
      const secret = await sources.secret(namespace, name);
      if (secret === undefined && from.secretRef.optional !== true)
        throw missing(`secret "${name}" not found`);
      entries = secret === undefined ? undefined : secretEntries(secret);
    }
    for (const [key, value] of entries ?? []) {
      // The kubelet skips keys that are not valid variable names (and records an event).
      if (ENV_NAME.test(prefix + key)) env.set(prefix + key, value.toString('utf8'));
    }
  }

  for (const entry of container.env ?? []) {
    const value = await resolveEnvVar(pod, container, entry, placement, sources, env);
    if (value !== undefined) env.set(entry.name, value);
  }
  return env;
}

async function resolveEnvVar(
  pod: Pod,
  container: V1Container,
  entry: V1EnvVar,
  placement: PodPlacement,
  sources: ConfigSources,
  defined: ReadonlyMap<string, string>,
): Promise<string | undefined> {
  const namespace = pod.metadata.namespace ?? 'default';
  const from = entry.valueFrom;
  if (from === undefined) return expandVars(entry.value ?? '', (name) => defined.get(name));
  if (from.fieldRef !== undefined) return resolveFieldRef(pod, placement, from.fieldRef.fieldPath);
  if (from.resourceFieldRef !== undefined) {
    const target =
      from.resourceFieldRef.containerName === undefined || from.resourceFieldRef.containerName === ''
        ? container
        : [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find(
            (c) => c.name === from.resourceFieldRef?.containerName,
          );
    return resolveResourceFieldRef(
      target,
      from.resourceFieldRef.resource,
      from.resourceFieldRef.divisor,
      placement,
    );
  }
  if (from.configMapKeyRef !== undefined) {
    const ref = from.configMapKeyRef;
    const cm = await sources.configMap(namespace, ref.name ?? '');
    if (cm === undefined) {
      if (ref.optional === true) return undefined;
      throw missing(`configmap "${ref.name ?? ''}" not found`);
    }
    const value = configMapEntries(cm).get(ref.key);
    if (value === undefined && ref.optional !== true) {
      throw missing(`couldn't find key ${ref.key} in ConfigMap ${namespace}/${ref.name ?? ''}`);
    }
    return value?.toString('utf8');
  }
  if (from.secretKeyRef !== undefined) {
    const ref = from.secretKeyRef;
    const secret = await sources.secret(namespace, ref.name ?? '');
    if (secret === undefined) {
      if (ref.optional === true) return undefined;
      throw missing(`secret "${ref.name ?? ''}" not found`);
    }
    const value = secretEntries(secret).get(ref.key);
    if (value === undefined && ref.optional !== true) {
      throw missing(`couldn't find key ${ref.key} in Secret ${namespace}/${ref.name ?? ''}`);
    }
    return value?.toString('utf8');
  }
  throw new NodeAgentError(NodeAgentErrorCode.ConfigSource, `env ${entry.name}: unsupported valueFrom`);
}
