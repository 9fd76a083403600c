import { assembleConfig, deepFreeze } from '../config/assemble-config.js';
import { ConfigError } from '../config/config-error.js';
import { resolveOptions, type ConfigInput, type Resolution } from '../config/resolve-options.js';
import type { IssuerConfig } from './issuer-config.js';
import { parseIssuers } from './parse-issuers.js';
import type { SidecarConfig } from './sidecar-config.js';
import { SIDECAR_ENV_PREFIX, sidecarOptions } from './sidecar-options.js';

/**
 * Env and argv are passed in (never read from `process`), and so is the one file the config
 * needs (the issuers file), so tests build config from a map and an in-memory file.
 */
export interface SidecarConfigInput extends ConfigInput {
  readonly readFile: (path: string) => string;
}

const WILDCARD_HOSTS: ReadonlySet<string> = new Set(['0.0.0.0', '::', '[::]']);

function distinctPorts(resolution: Resolution): string[] {
  const listenPort = resolution.values.get('listen.port');
  const adminPort = resolution.values.get('admin.port');
  const listenHost = resolution.values.get('listen.host');
  const adminHost = resolution.values.get('admin.host');
  if (!listenPort || !adminPort || !listenHost || !adminHost) return [];
  // Port 0 asks the OS for a free port, so two zeros never collide.
  if (listenPort.value === 0 || listenPort.value !== adminPort.value) return [];
  const overlap =
    listenHost.value === adminHost.value ||
    WILDCARD_HOSTS.has(String(adminHost.value)) ||
    WILDCARD_HOSTS.has(String(listenHost.value));
  return overlap
    ? [`listen.port and admin.port must differ (${listenPort.source}, ${adminPort.source})`]
    : [];
}

function readIssuers(
  resolution: Resolution,
  readFile: SidecarConfigInput['readFile'],
): { issuers: readonly IssuerConfig[]; problems: readonly string[] } {
  const option = resolution.values.get('issuersFile');
  if (option === undefined || typeof option.value !== 'string') return { issuers: [], problems: [] };
  let text: string;
  try {
    text = readFile(option.value);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { issuers: [], problems: [`${option.source}: cannot read the issuers file (${reason})`] };
  }
  return parseIssuers(text, option.source);
}

/**
 * Resolves the `cmf-auth-sidecar` configuration: each option from its flag, else its
 * `CMF_SIDECAR_*` variable, else its default, and the issuers from their file. Throws one
 * ConfigError listing every problem. Key material (PEM, JWK, secret files) is read later, at
 * start, by `loadKeySources`.
 */
export function parseSidecarConfig(input: SidecarConfigInput): SidecarConfig {
  const resolution = resolveOptions(sidecarOptions, input, SIDECAR_ENV_PREFIX);
  const issuers = readIssuers(resolution, input.readFile);
  const problems = [...resolution.problems, ...distinctPorts(resolution), ...issuers.problems];
  if (problems.length > 0) throw new ConfigError(problems);
  // No problems means every option resolved, and the table is keyed by SidecarConfig's leaves
  // with kinds checked against field types: the tree has exactly SidecarConfig's shape.
  const options = assembleConfig(resolution) as unknown as Omit<SidecarConfig, 'issuers'>;
  return deepFreeze({ ...options, issuers: issuers.issuers });
}
