import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  applyDefaults,
  asCustomResourceDefinition,
  crdVersion,
  isRecord,
} from '../../api/crd-schema/index.js';
import { ChatGatewayResource, type ChatGateway } from '../../api/v1alpha1/index.js';
import type { OperatorDefaults, RenderInput } from '../render-input.js';

// Test support for the builders' unit tests: ChatGateways as the API server would serve them,
// built from crds/samples and the CRD's own defaults, so a test never hand-writes a default.

function findUp(start: string, dir: string): string {
  for (let d = start; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, dir, 'chatgateways.cmf.io.yaml'))) return d;
    if (path.dirname(d) === d) throw new Error(`no ${dir}/ above ${start}`);
  }
}

export const repoRoot = findUp(path.dirname(fileURLToPath(import.meta.url)), 'crds');
export const crdFile = path.join(repoRoot, 'crds', 'chatgateways.cmf.io.yaml');
const crd = asCustomResourceDefinition(parse(readFileSync(crdFile, 'utf8')));
const schema = crdVersion(crd, ChatGatewayResource.version).schema.openAPIV3Schema;

/** The sample files in crds/samples. */
export const SampleFile = {
  Minimal: 'chatgateway-sample.yaml',
  Full: 'chatgateway-full.yaml',
} as const;

export const defaults: OperatorDefaults = {
  gatewayImage: 'ghcr.io/cmf/gateway:0.2.0',
  kafkaBootstrapServers: ['kafka.kafka.svc:9092'],
};

type Json = Record<string, unknown>;

/** `override` merged into `base`: objects recursively, anything else (lists too) replaced. */
function merge(base: Json, override: Json): Json {
  const result: Json = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = result[key];
    result[key] = isRecord(current) && isRecord(value) ? merge(current, value) : value;
  }
  return result;
}

/**
 * A sample ChatGateway with `spec` merged in (before defaulting, as if the user had written it),
 * in namespace `chat` with a uid, defaulted like the API server does.
 */
export function servedGateway(file: string = SampleFile.Minimal, spec: Json = {}): ChatGateway {
  const doc: unknown = parse(readFileSync(path.join(repoRoot, 'crds', 'samples', file), 'utf8'));
  if (!isRecord(doc) || !isRecord(doc['spec']) || !isRecord(doc['metadata']))
    throw new Error(`${file}: no spec`);
  const object = {
    ...doc,
    metadata: { ...doc['metadata'], namespace: 'chat', uid: '5f0c7a8e-1d2b-4c3d-9e4f-0a1b2c3d4e5f' },
    spec: merge(doc['spec'], spec),
  };
  return applyDefaults(object, schema) as ChatGateway;
}

export function renderInput(file: string = SampleFile.Minimal, spec: Json = {}): RenderInput {
  return { gateway: servedGateway(file, spec), defaults };
}
