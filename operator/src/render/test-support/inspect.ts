import { readFileSync } from 'node:fs';
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

/** env name -> option type ("DurationMs", "Int", ...), read from an option table's source. */
export function optionTypes(file: string): ReadonlyMap<string, string> {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  const types = new Map<string, string>();
  for (const match of text.matchAll(/type: OptionType\.(\w+),\s*env: '(CMF_[A-Z0-9_]+)'/g)) {
    types.set(defined(match[2], 'env'), defined(match[1], 'type'));
  }
  if (types.size === 0) throw new Error(`${file}: no options found; has the table's layout changed?`);
  return types;
}
