import type { Resolution } from './resolve-options.js';

/** Freezes an assembled config all the way down: config is read everywhere and changed nowhere. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Nests the flat `a.b.c` option keys of a resolution into the config object they describe. */
export function assembleConfig(resolution: Resolution): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, { value }] of resolution.values) {
    const path = key.split('.');
    const leaf = path.pop() ?? key;
    let node = root;
    for (const part of path) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    node[leaf] = value;
  }
  return root;
}
