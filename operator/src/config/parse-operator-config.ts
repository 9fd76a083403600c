import {
  assembleConfig,
  ConfigError,
  deepFreeze,
  resolveOptions,
  type ConfigInput,
  type Resolution,
} from '@cmf/gateway/config';
import type { OperatorConfig, SecretLocation } from './operator-config.js';
import { operatorOptions } from './operator-options.js';

function numberOf(resolution: Resolution, key: string): number | undefined {
  const value = resolution.values.get(key)?.value;
  return typeof value === 'number' ? value : undefined;
}

function sourceOf(resolution: Resolution, key: string): string {
  return resolution.values.get(key)?.source ?? key;
}

/** Rules between options; each returns the problems it finds. Options that failed are skipped. */
function conflicts(resolution: Resolution): string[] {
  const problems: string[] = [];
  const lease = numberOf(resolution, 'leader.leaseDurationMs');
  const renew = numberOf(resolution, 'leader.renewDeadlineMs');
  const retry = numberOf(resolution, 'leader.retryPeriodMs');
  // A leader must give up before a standby may take over, and must get several tries at renewing.
  if (lease !== undefined && renew !== undefined && renew >= lease) {
    problems.push(
      `${sourceOf(resolution, 'leader.renewDeadlineMs')} must be shorter than ${sourceOf(resolution, 'leader.leaseDurationMs')}`,
    );
  }
  if (renew !== undefined && retry !== undefined && retry >= renew) {
    problems.push(
      `${sourceOf(resolution, 'leader.retryPeriodMs')} must be shorter than ${sourceOf(resolution, 'leader.renewDeadlineMs')}`,
    );
  }
  const elect = resolution.values.get('leader.elect')?.value;
  const leaseNamespace = resolution.values.get('leader.leaseNamespace')?.value;
  const podNamespace = resolution.values.get('pod.namespace')?.value;
  if (
    elect === true &&
    leaseNamespace === undefined &&
    podNamespace === undefined &&
    resolution.values.has('leader.leaseNamespace') &&
    resolution.values.has('pod.namespace')
  ) {
    problems.push(
      'leader election needs a namespace for its Lease: set CMF_OPERATOR_LEASE_NAMESPACE or CMF_POD_NAMESPACE (or CMF_OPERATOR_LEADER_ELECT=false)',
    );
  }
  if (!resolution.values.has('pod.name')) return problems;
  if (resolution.values.get('pod.name')?.value === undefined) {
    problems.push('CMF_POD_NAME (or --pod-name) is required when the host name is unknown');
  }
  return problems;
}

function secretLocation(text: string | undefined): SecretLocation | undefined {
  if (text === undefined) return undefined;
  const [namespace = '', name = ''] = text.split('/');
  return { namespace, name };
}

/**
 * Resolves the `cmf-operator` configuration from env and argv (never from `process`, so tests
 * build it from a map). Throws one ConfigError listing every problem: bad values, unknown flags,
 * likely-typo variables, and conflicts between options.
 */
export function parseOperatorConfig(input: ConfigInput): OperatorConfig {
  const resolution = resolveOptions(operatorOptions, input);
  const problems = [...resolution.problems, ...conflicts(resolution)];
  if (problems.length > 0) throw new ConfigError(problems);
  // No problems: every option resolved, so the tree has the shape of the table's keys.
  const tree = assembleConfig(resolution) as unknown as Omit<OperatorConfig, 'kafka'> & {
    kafka: { bootstrapServers: readonly string[]; credentialsSecret: string | undefined };
  };
  const config: OperatorConfig = {
    ...tree,
    kafka: { ...tree.kafka, credentialsSecret: secretLocation(tree.kafka.credentialsSecret) },
    leader: { ...tree.leader, leaseNamespace: tree.leader.leaseNamespace ?? tree.pod.namespace },
  };
  return deepFreeze(config);
}
