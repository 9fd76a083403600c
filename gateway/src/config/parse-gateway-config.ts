import { assembleConfig, deepFreeze } from './assemble-config.js';
import { ConfigError } from './config-error.js';
import { gatewayConflicts, GatewayValues } from './gateway-conflicts.js';
import type { GatewayConfig } from './gateway-config.js';
import { gatewayOptions } from './gateway-options.js';
import { kafkaTopics } from './kafka-topics.js';
import { resolveOptions, type ConfigInput } from './resolve-options.js';

/** Env and argv are passed in (never read from `process`) so tests build config from a map. */
export type GatewayConfigInput = ConfigInput;

/**
 * Resolves the `cmf-gateway` configuration: each option from its flag, else its `CMF_*` env var,
 * else its default. Throws one ConfigError listing every problem (bad values, unknown flags,
 * likely-typo env vars, missing required options, conflicts between options).
 *
 * `hostname` is the default pod name (pass `os.hostname()`); `argv` excludes node and the script.
 */
export function parseGatewayConfig(input: GatewayConfigInput): GatewayConfig {
  const resolution = resolveOptions(gatewayOptions, input);
  const values = new GatewayValues(resolution);
  const problems = [...resolution.problems, ...gatewayConflicts.flatMap((rule) => rule(values))];
  if (problems.length > 0) throw new ConfigError(problems);
  const tree = assembleConfig(resolution);
  // No problems means every option resolved, and the table is keyed by GatewayConfig's leaves
  // with kinds checked against field types: the tree has exactly GatewayConfig's shape. The auth
  // union holds too: the auth rules refuse a dev-hs256 mode without a secret and dev-only options
  // in sidecar mode.
  const options = tree as unknown as Omit<GatewayConfig, 'topics'>;
  const config: GatewayConfig = { ...options, topics: kafkaTopics(options.kafka.topicPrefix) };
  return deepFreeze(config);
}
