import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { V1Container, V1DeploymentSpec, V1PodTemplateSpec } from '../kube-model.js';
import type { RenderedObject } from '../render-input.js';
import { repoRoot } from './chat-gateways.js';

// Typed reads of rendered objects for the builders' tests.

export function defined<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`${what} is missing`);
  return value;
}

export function byKind(objects: readonly RenderedObject[], kind: string, name?: string): RenderedObject {
  return defined(
    objects.find((object) => object.kind === kind && (name === undefined || object.metadata.name === name)),
    `${kind} ${name ?? ''}`,
  );
}

export function deploymentSpecOf(objects: readonly RenderedObject[]): V1DeploymentSpec {
  return byKind(objects, 'Deployment')['spec'] as V1DeploymentSpec;
}

export function podTemplateOf(objects: readonly RenderedObject[]): V1PodTemplateSpec {
  return defined(deploymentSpecOf(objects).template, 'pod template');
}

export function containerOf(objects: readonly RenderedObject[], name: string): V1Container {
  const containers = defined(podTemplateOf(objects).spec, 'pod spec').containers;
  return defined(
    containers.find((container) => container.name === name),
    `container ${name}`,
  );
}

export function configMapData(object: RenderedObject): Readonly<Record<string, string>> {
  return object['data'] as Readonly<Record<string, string>>;
}

/** The gateway's and the sidecar's commands, as built (`npx tsc --build operator` builds them). */
export const GatewayCommand = {
  Gateway: 'gateway/dist/src/main.js',
  Sidecar: 'gateway/dist/src/sidecar/main.js',
} as const;
export type GatewayCommand = (typeof GatewayCommand)[keyof typeof GatewayCommand];

// How `--help` shows each option's value: `=<int>`, `=<duration>`, ..., `=<a|b>` for a choice,
// `[=true|false]` for a boolean flag.
const HELP_TYPES: Readonly<Record<string, string>> = {
  int: 'Int',
  duration: 'DurationMs',
  size: 'Bytes',
  string: 'String',
  list: 'List',
};

/**
 * env name -> option type ("DurationMs", "Int", ...), from the command's own `--help`: what the
 * process itself documents, whatever helpers its option table is declared with.
 */
export function optionTypes(command: GatewayCommand): ReadonlyMap<string, string> {
  const help = execFileSync(process.execPath, [path.join(repoRoot, command), '--help'], { encoding: 'utf8' });
  const types = new Map<string, string>();
  for (const match of help.matchAll(
    /^ {2}--[a-z0-9-]+(?:=<([^>]+)>|(\[=true\|false\]))\s+(CMF_[A-Z0-9_]+)$/gm,
  )) {
    const [, shown = '', boolean, env] = match;
    const type = boolean !== undefined ? 'Boolean' : shown.includes('|') ? 'Enum' : HELP_TYPES[shown];
    types.set(defined(env, 'env'), defined(type, `the type of ${shown}`));
  }
  if (types.size === 0) throw new Error(`${command} --help: no options found; has its layout changed?`);
  return types;
}
