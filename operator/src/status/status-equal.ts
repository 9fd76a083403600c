import { isDeepStrictEqual } from 'node:util';
import type { ChatGatewayStatus } from '../api/v1alpha1/index.js';

/** JSON as the API server returns it: key order and absent-versus-undefined do not matter. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries.map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}

/** The stored status cut down to what the operator writes: another writer's fields never force a write. */
function owned(stored: ChatGatewayStatus, next: ChatGatewayStatus): ChatGatewayStatus {
  const types = new Set((next.conditions ?? []).map((c) => c.type));
  return {
    ...stored,
    conditions: stored.conditions?.filter((c) => types.has(c.type)),
  } as ChatGatewayStatus;
}

const OWNED_FIELDS = [
  'observedGeneration',
  'conditions',
  'replicas',
  'readyReplicas',
  'selector',
  'endpoint',
  'topics',
] as const;

/** Whether writing `next` would change what is stored; an unchanged status is never written. */
export function statusEqual(stored: ChatGatewayStatus | undefined, next: ChatGatewayStatus): boolean {
  const mine = owned(stored ?? {}, next);
  const pick = (status: ChatGatewayStatus) =>
    Object.fromEntries(OWNED_FIELDS.map((field) => [field, status[field]]));
  return isDeepStrictEqual(normalise(pick(mine)), normalise(pick(next)));
}
