import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  V1Container,
  V1DownwardAPIVolumeFile,
  V1KeyToPath,
  V1ServiceAccountTokenProjection,
  V1Volume,
} from '../kube/objects.js';
import { NodeAgentError, NodeAgentErrorCode } from '../errors.js';
import type { MountMapping } from '../env/address-rewrite.js';
import { configMapEntries, secretEntries, type ConfigSources } from '../env/config-sources.js';
import { resolveFieldRef, resolveResourceFieldRef, type PodPlacement } from '../env/field-ref.js';
import type { Pod } from '../kube/objects.js';

/** Issues a service account token bound to the pod (the TokenRequest API). */
export type TokenSource = (pod: Pod, projection: V1ServiceAccountTokenProjection) => Promise<string>;

export interface VolumeContext {
  readonly pod: Pod;
  readonly placement: PodPlacement;
  readonly sources: ConfigSources;
  readonly token: TokenSource;
  /** The pod's volumes live under here, one directory per volume. */
  readonly volumesDir: string;
}

function missing(message: string): NodeAgentError {
  return new NodeAgentError(NodeAgentErrorCode.ConfigSource, message, true);
}

interface FileOut {
  readonly path: string;
  readonly data: Buffer;
  readonly mode: number;
}

async function writeFiles(dir: string, files: readonly FileOut[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const file of files) {
    const target = path.join(dir, file.path);
    if (!target.startsWith(dir + path.sep))
      throw missing(`volume file path "${file.path}" leaves the volume`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.data);
    await chmod(target, file.mode);
  }
}

/** Keys to files: all keys, or only `items` (a listed key that is absent fails unless optional). */
function selectKeys(
  entries: Map<string, Buffer>,
  items: readonly V1KeyToPath[] | undefined,
  mode: number,
  optional: boolean,
  what: string,
): FileOut[] {
  if (items === undefined || items.length === 0) {
    return [...entries].map(([key, data]) => ({ path: key, data, mode }));
  }
  const files: FileOut[] = [];
  for (const item of items) {
    const data = entries.get(item.key);
    if (data === undefined) {
      if (optional) continue;
      throw missing(`configmap references non-existent config key: ${item.key} (${what})`);
    }
    files.push({ path: item.path, data, mode: item.mode ?? mode });
  }
  return files;
}

async function configMapFiles(
  ctx: VolumeContext,
  name: string,
  items: readonly V1KeyToPath[] | undefined,
  mode: number,
  optional: boolean,
): Promise<FileOut[]> {
  const cm = await ctx.sources.configMap(ctx.pod.metadata.namespace ?? 'default', name);
  if (cm === undefined) {
    if (optional) return [];
    throw missing(`configmap "${name}" not found`);
  }
  return selectKeys(configMapEntries(cm), items, mode, optional, `configmap ${name}`);
}

async function secretFiles(
  ctx: VolumeContext,
  name: string,
  items: readonly V1KeyToPath[] | undefined,
  mode: number,
  optional: boolean,
): Promise<FileOut[]> {
  const secret = await ctx.sources.secret(ctx.pod.metadata.namespace ?? 'default', name);
  if (secret === undefined) {
    if (optional) return [];
    throw missing(`secret "${name}" not found`);
  }
  return selectKeys(secretEntries(secret), items, mode, optional, `secret ${name}`);
}

function downwardFiles(
  ctx: VolumeContext,
  items: readonly V1DownwardAPIVolumeFile[],
  mode: number,
): FileOut[] {
  return items.map((item) => {
    let value: string;
    if (item.fieldRef !== undefined) {
      value = resolveFieldRef(ctx.pod, ctx.placement, item.fieldRef.fieldPath, true);
    } else if (item.resourceFieldRef !== undefined) {
      const container = ctx.pod.spec.containers.find((c) => c.name === item.resourceFieldRef?.containerName);
      value = resolveResourceFieldRef(
        container,
        item.resourceFieldRef.resource,
        item.resourceFieldRef.divisor,
        ctx.placement,
      );
    } else {
      throw missing(`downwardAPI item ${item.path}: no fieldRef or resourceFieldRef`);
    }
    return { path: item.path, data: Buffer.from(value), mode: item.mode ?? mode };
  });
}

/** Writes one volume's content; returns the host directory standing in for it. */
async function materialize(ctx: VolumeContext, volume: V1Volume): Promise<string> {
  const dir = path.join(ctx.volumesDir, volume.name);
  if (volume.emptyDir !== undefined) {
    await mkdir(dir, { recursive: true });
  } else if (volume.configMap !== undefined) {
    const v = volume.configMap;
    await writeFiles(
      dir,
      await configMapFiles(ctx, v.name ?? '', v.items, v.defaultMode ?? 0o644, v.optional === true),
    );
  } else if (volume.secret !== undefined) {
    const v = volume.secret;
    await writeFiles(
      dir,
      await secretFiles(ctx, v.secretName ?? '', v.items, v.defaultMode ?? 0o644, v.optional === true),
    );
  } else if (volume.downwardAPI !== undefined) {
    await writeFiles(
      dir,
      downwardFiles(ctx, volume.downwardAPI.items ?? [], volume.downwardAPI.defaultMode ?? 0o644),
    );
  } else if (volume.projected !== undefined) {
    const mode = volume.projected.defaultMode ?? 0o644;
    const files: FileOut[] = [];
    for (const source of volume.projected.sources ?? []) {
      if (source.configMap !== undefined) {
        const s = source.configMap;
        files.push(...(await configMapFiles(ctx, s.name ?? '', s.items, mode, s.optional === true)));
      } else if (source.secret !== undefined) {
        const s = source.secret;
        files.push(...(await secretFiles(ctx, s.name ?? '', s.items, mode, s.optional === true)));
      } else if (source.downwardAPI !== undefined) {
        files.push(...downwardFiles(ctx, source.downwardAPI.items ?? [], mode));
      } else if (source.serviceAccountToken !== undefined) {
        const token = await ctx.token(ctx.pod, source.serviceAccountToken);
        files.push({ path: source.serviceAccountToken.path, data: Buffer.from(token), mode });
      } else {
        throw new NodeAgentError(
          NodeAgentErrorCode.VolumeUnsupported,
          `volume ${volume.name}: unsupported projected source`,
        );
      }
    }
    await writeFiles(dir, files);
  } else if (volume.hostPath !== undefined) {
    // The host is the node: the path is used as it is.
    if (volume.hostPath.type === 'DirectoryOrCreate') await mkdir(volume.hostPath.path, { recursive: true });
    return volume.hostPath.path;
  } else {
    throw new NodeAgentError(
      NodeAgentErrorCode.VolumeUnsupported,
      `volume ${volume.name}: this node supports emptyDir, configMap, secret, downwardAPI, projected and hostPath only`,
    );
  }
  return dir;
}

/** Materializes every volume of the pod; returns volume name to host directory. */
export async function materializeVolumes(ctx: VolumeContext): Promise<Map<string, string>> {
  const dirs = new Map<string, string>();
  for (const volume of ctx.pod.spec.volumes ?? []) dirs.set(volume.name, await materialize(ctx, volume));
  return dirs;
}

/** A container's volumeMounts as mountPath to host path (subPath included). */
export function containerMounts(
  container: V1Container,
  volumeDirs: ReadonlyMap<string, string>,
): MountMapping[] {
  return (container.volumeMounts ?? []).flatMap((mount) => {
    const dir = volumeDirs.get(mount.name);
    if (dir === undefined) return [];
    const hostPath =
      mount.subPath === undefined || mount.subPath === '' ? dir : path.join(dir, mount.subPath);
    return [{ mountPath: mount.mountPath, hostPath }];
  });
}
