import { didYouMean } from './did-you-mean.js';
import { isHostDefault, OptionType, type HostFacts, type OptionSpec } from './option-spec.js';
import {
  expectation,
  formatOptionValue,
  parseOptionValue,
  REDACTED,
  type OptionValue,
} from './option-value.js';

/** Everything a process's configuration is read from; tests build it by hand. */
export interface ConfigInput extends HostFacts {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Arguments after the script name (`process.argv.slice(2)`). */
  readonly argv: readonly string[];
}

export const OptionOrigin = { Flag: 'flag', Env: 'env', Default: 'default' } as const;
export type OptionOrigin = (typeof OptionOrigin)[keyof typeof OptionOrigin];

export interface ResolvedOption {
  readonly spec: OptionSpec;
  readonly value: OptionValue;
  readonly origin: OptionOrigin;
  /** Where the value came from, for messages: `CMF_X=5s`, `--x=5s` or `CMF_X default 5s`. */
  readonly source: string;
}

export interface Resolution {
  /** Only the options that resolved cleanly; a failed one is absent and has a problem instead. */
  readonly values: ReadonlyMap<string, ResolvedOption>;
  readonly problems: readonly string[];
}

const HELP_FLAGS: ReadonlySet<string> = new Set(['-h', '--help']);

/** Whether argv asks for help; checked before resolving so help works with a broken config. */
export function helpRequested(argv: readonly string[]): boolean {
  return argv.some((arg) => HELP_FLAGS.has(arg));
}

/**
 * An empty value counts as unset: Helm and Kustomize often render `value: ""` for "not set". A list
 * with no entries (`,`) is empty too, so a required list cannot be satisfied by commas.
 */
function present(spec: OptionSpec, raw: string | undefined): raw is string {
  if (raw === undefined) return false;
  return spec.type === OptionType.List
    ? raw.split(',').some((entry) => entry.trim() !== '')
    : raw.trim() !== '';
}

/** One problem per line: text with a newline or another control character is quoted and escaped. */
function printable(text: string): string {
  return /\p{Cc}/u.test(text) ? JSON.stringify(text) : text;
}

function shown(spec: OptionSpec, raw: string): string {
  return spec.type === OptionType.String && spec.secret === true ? REDACTED : printable(raw);
}

/**
 * `--name=value` or `--name value`; a boolean flag alone means true. The last occurrence wins
 * (as with pflag), so an extra argument can override a chart's default one.
 */
function readFlags(
  table: readonly OptionSpec[],
  argv: readonly string[],
): { flags: Map<string, string>; problems: string[] } {
  const byFlag = new Map(table.map((spec) => [spec.flag, spec]));
  const suggestions = new Map(table.map((spec) => [spec.flag, spec.flag]));
  const flags = new Map<string, string>();
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (HELP_FLAGS.has(arg)) continue;
    if (!arg.startsWith('-')) {
      problems.push(`unexpected argument ${JSON.stringify(arg)} (options are given as --name=value)`);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const next = argv[i + 1];
    const nextIsValue = next !== undefined && !next.startsWith('-');
    const spec = byFlag.get(name);
    if (spec === undefined) {
      const suggestion = didYouMean(name, suggestions);
      problems.push(
        `unknown flag ${printable(name)}${suggestion === undefined ? '' : `; did you mean ${suggestion}?`}`,
      );
      // Its value, if any, is not reported again as an unexpected argument (it may be a secret).
      if (eq < 0 && nextIsValue) i++;
      continue;
    }
    if (eq >= 0) {
      flags.set(name, arg.slice(eq + 1));
    } else if (spec.type === OptionType.Boolean) {
      flags.set(name, 'true');
    } else if (nextIsValue) {
      flags.set(name, next);
      i++;
    } else {
      problems.push(`${name} needs a value: expected ${expectation(spec)}`);
    }
  }
  return { flags, problems };
}

/**
 * Unknown variables with the prefix are rejected only when they look like a typo of a known one:
 * other components (the sidecar, the test infra) have `CMF_` variables of their own. A duration's
 * name with a `_MS` suffix counts as a typo too, since the config key ends in `Ms`.
 */
function envTypos(table: readonly OptionSpec[], env: ConfigInput['env'], prefix: string): string[] {
  const known = new Set(table.map((spec) => spec.env));
  const suggestions = new Map<string, string>();
  for (const spec of table) {
    suggestions.set(spec.env, spec.env);
    if (spec.type === OptionType.DurationMs) suggestions.set(`${spec.env}_MS`, spec.env);
  }
  const problems: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith(prefix) || known.has(name)) continue;
    const suggestion = didYouMean(name, suggestions);
    if (suggestion !== undefined) problems.push(`${name} is not a known option; did you mean ${suggestion}?`);
  }
  return problems;
}

/**
 * Resolves every option of `table`: flag, else env var, else default. Collects every problem
 * (unknown flags, likely-typo env vars, bad values, missing required values) instead of stopping
 * at the first. Only the value in effect is checked: an env var overridden by a flag is not read.
 */
export function resolveOptions(
  table: readonly OptionSpec[],
  input: ConfigInput,
  envPrefix = 'CMF_',
): Resolution {
  const { flags, problems } = readFlags(table, input.argv);
  problems.push(...envTypos(table, input.env, envPrefix));
  const values = new Map<string, ResolvedOption>();
  for (const spec of table) {
    const flagRaw = flags.get(spec.flag);
    const envRaw = input.env[spec.env];
    const given = present(spec, flagRaw)
      ? { origin: OptionOrigin.Flag, name: spec.flag, raw: flagRaw }
      : present(spec, envRaw)
        ? { origin: OptionOrigin.Env, name: spec.env, raw: envRaw }
        : undefined;
    if (given !== undefined) {
      const source = `${given.name}=${shown(spec, given.raw)}`;
      const parsed = parseOptionValue(spec, given.raw);
      if (parsed.ok) values.set(spec.key, { spec, value: parsed.value, origin: given.origin, source });
      else problems.push(`${source}: ${parsed.problem}`);
      continue;
    }
    const fallback = spec.default;
    const value = isHostDefault(fallback) ? fallback.derive(input) : fallback;
    if (value === undefined && spec.required === true) {
      problems.push(`${spec.env} (or ${spec.flag}) is required: expected ${expectation(spec)}`);
      continue;
    }
    const source =
      value === undefined ? `${spec.env} unset` : `${spec.env} default ${formatOptionValue(spec, value)}`;
    values.set(spec.key, { spec, value, origin: OptionOrigin.Default, source });
  }
  return { values, problems };
}
