import path from 'node:path';
import { repoRoot } from '@cmf/test-harness';

/** Builders for ChatGateway objects that the CRD and policy tests send to a real API server. */
export const crdFile = path.join(repoRoot, 'crds', 'chatgateways.cmf.io.yaml');
export const sample = (name: string): string => path.join(repoRoot, 'crds', 'samples', name);

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `over` merged into `base`: objects merge, anything else (lists too) replaces. */
export function merge(base: JsonObject, over: JsonObject): JsonObject {
  const result: Record<string, Json> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = result[key];
    result[key] = isObject(current) && isObject(value) ? merge(current, value) : value;
  }
  return result;
}

/** The smallest spec the CRD and the guardrails both accept. */
export const validSpec: JsonObject = {
  kafka: { topicPrefix: 'chat' },
  auth: {
    issuers: [{ issuer: 'https://id.example.com', audience: 'cmf', jwksUrl: 'https://id.example.com/jwks' }],
  },
};
