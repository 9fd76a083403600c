import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { isRecord } from '../crd-schema/index.js';
import { ChatGatewayResource } from './group-version.js';
import { Environment, GatewayPodLabel, GatewayPodLabelValue, NamespaceLabel } from './labels.js';

// The cluster policies in policies/ name the same labels, group and resource as the operator's
// API package; a rename on either side fails here rather than silently matching nothing.

function findUp(start: string, dir: string): string {
  for (let d = start; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, dir))) return d;
    if (path.dirname(d) === d) throw new Error(`no ${dir}/ above ${start}`);
  }
}

const policiesDir = path.join(findUp(path.dirname(fileURLToPath(import.meta.url)), 'policies'), 'policies');

/** The documents of a policies/ file, as plain objects. */
function documents(file: string): Readonly<Record<string, unknown>>[] {
  return parseAllDocuments(readFileSync(path.join(policiesDir, file), 'utf8')).map((doc) => {
    const value: unknown = doc.toJS();
    if (!isRecord(value)) throw new Error(`${file}: a document is not an object`);
    return value;
  });
}

/** Reads a nested field of a parsed document; undefined when any step is missing. */
function at(value: unknown, ...steps: readonly (string | number)[]): unknown {
  let current = value;
  for (const step of steps) {
    if (typeof step === 'number')
      current = Array.isArray(current) ? (current as readonly unknown[])[step] : undefined;
    else current = isRecord(current) ? current[step] : undefined;
  }
  return current;
}

describe('policies/ agree with the operator API', () => {
  it('selects gateway pods by the label the operator sets', () => {
    const policies = documents('network-policies.yaml');
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      expect(policy['kind']).toBe('NetworkPolicy');
      expect(at(policy, 'spec', 'podSelector'), String(at(policy, 'metadata', 'name'))).toEqual({
        matchLabels: { [GatewayPodLabel.Name]: GatewayPodLabelValue.Name },
      });
    }
  });

  it('matches ChatGateway in the guardrail policies and uses one replica ceiling', () => {
    const policies = documents('chatgateway-guardrails.yaml').filter(
      (d) => d['kind'] === 'ValidatingAdmissionPolicy',
    );
    expect(policies.map((p) => at(p, 'metadata', 'name'))).toEqual([
      'cmf-chatgateway-guardrails',
      'cmf-chatgateway-scale-guardrails',
    ]);
    for (const policy of policies) {
      expect(at(policy, 'spec', 'matchConstraints', 'resourceRules', 0)).toMatchObject({
        apiGroups: [ChatGatewayResource.group],
        apiVersions: [ChatGatewayResource.version],
      });
      expect(at(policy, 'spec', 'variables', 0, 'name')).toBe('maxReplicas');
    }
    const ceilings = policies.map((p) => at(p, 'spec', 'variables', 0, 'expression'));
    expect(new Set(ceilings).size).toBe(1);
  });

  it('reads the development label the API package names', () => {
    const [guardrails] = documents('chatgateway-guardrails.yaml');
    const development = JSON.stringify(at(guardrails, 'spec', 'variables'));
    expect(development).toContain(`'${NamespaceLabel.Environment}'`);
    expect(development).toContain(`'${Environment.Development}'`);
    const [namespace] = documents('namespace.yaml');
    expect(at(namespace, 'metadata', 'labels')).toHaveProperty([NamespaceLabel.Environment]);
  });
});
