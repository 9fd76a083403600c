import type { OptionSpec, OptionValue } from './option-spec.js';

/** Env and argv are passed in, never read from `process`, so tests build config from a map. */
export interface OptionInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly argv: readonly string[];
}

export interface Resolved {
  readonly values: ReadonlyMap<string, OptionValue>;
  /** Where each value came from (`--listen-port`, `CMF_MESSENGER_LISTEN_PORT`, `default`). */
  readonly sources: ReadonlyMap<string, string>;
  readonly problems: readonly string[];
}

const DURATION = /^(\d+)(ms|s|m|h)?$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function shown(spec: OptionSpec, raw: string): string {
  return spec.secret === true ? '<redacted>' : JSON.stringify(raw);
}

function parseValue(spec: OptionSpec, raw: string): { value: OptionValue } | { expected: string } {
  switch (spec.kind) {
    case 'string': {
      const value = spec.secret === true ? raw : raw.trim();
      if (value === '') return { expected: 'a non-empty value' };
      if (spec.format !== undefined && !spec.format.test(value)) return { expected: spec.format.expected };
      return { value };
    }
    case 'int':
    case 'duration': {
      const text = raw.trim();
      let number: number;
      if (spec.kind === 'int') {
        if (!/^-?\d+$/.test(text)) return { expected: 'an integer' };
        number = Number(text);
      } else {
        const match = DURATION.exec(text);
        if (match === null) return { expected: 'a duration such as 500ms, 10s, 5m or 1h' };
        number = Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1);
      }
      const min = spec.min ?? Number.MIN_SAFE_INTEGER;
      const max = spec.max ?? Number.MAX_SAFE_INTEGER;
      if (number < min || number > max) {
        return { expected: spec.kind === 'int' ? `${min}..${max}` : `${min} ms..${max} ms` };
      }
      return { value: number };
    }
    case 'boolean': {
      const text = raw.trim().toLowerCase();
      if (text === 'true') return { value: true };
      if (text === 'false') return { value: false };
      return { expected: 'true or false' };
    }
    case 'list': {
      const items = raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
      const format = spec.format;
      if (format !== undefined && !items.every((item) => format.test(item)))
        return { expected: format.expected };
      return { value: items };
    }
    case 'enum': {
      const text = raw.trim();
      const values = spec.values ?? [];
      return values.includes(text) ? { value: text } : { expected: `one of ${values.join(', ')}` };
    }
  }
}

/** Reads `--flag value` and `--flag=value` pairs; unknown flags and missing values are problems. */
function readFlags(
  specs: readonly OptionSpec[],
  argv: readonly string[],
  problems: string[],
): Map<string, string> {
  const byFlag = new Map(specs.map((spec) => [spec.flag, spec]));
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const spec = byFlag.get(flag);
    if (spec === undefined) {
      problems.push(`${flag}: unknown flag (see --help)`);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (
      spec.kind === 'boolean' &&
      (argv[i + 1] === undefined || argv[i + 1]?.startsWith('--') === true)
    ) {
      value = 'true';
    } else {
      value = argv[++i];
    }
    if (value === undefined) problems.push(`${flag}: expected a value`);
    else given.set(spec.key, value);
  }
  return given;
}

/**
 * Resolves each option from its flag, else its variable, else its default. Every problem is
 * collected, none thrown, so one run reports all of them.
 */
export function resolveOptions(specs: readonly OptionSpec[], input: OptionInput): Resolved {
  const problems: string[] = [];
  const flags = readFlags(specs, input.argv, problems);
  const values = new Map<string, OptionValue>();
  const sources = new Map<string, string>();
  for (const spec of specs) {
    const fromFlag = flags.get(spec.key);
    const fromEnv = input.env[spec.env];
    const [raw, source] =
      fromFlag !== undefined
        ? [fromFlag, spec.flag]
        : fromEnv !== undefined && fromEnv !== ''
          ? [fromEnv, spec.env]
          : [spec.default, 'default'];
    if (raw === undefined) {
      if (spec.required === true) problems.push(`${spec.env} (or ${spec.flag}): required`);
      continue;
    }
    const parsed = parseValue(spec, raw);
    if ('expected' in parsed) {
      problems.push(
        `${source === 'default' ? spec.env : source}=${shown(spec, raw)}: expected ${parsed.expected}`,
      );
      continue;
    }
    values.set(spec.key, parsed.value);
    sources.set(spec.key, source);
  }
  return { values, sources, problems };
}
