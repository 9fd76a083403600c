import { formatDuration, parseDuration } from './duration.js';
import { OptionType, type OptionSpec } from './option-spec.js';

export type OptionValue = string | number | boolean | readonly string[] | undefined;

export type ParsedValue =
  { readonly ok: true; readonly value: OptionValue } | { readonly ok: false; readonly problem: string };

const DURATION_EXAMPLE = 'e.g. 250ms, 5s, 5m or plain milliseconds';
const INT_PATTERN = /^[+-]?\d+$/;

/** Shown wherever a secret's value would be. */
export const REDACTED = '<redacted>';

/** What a valid value of `spec` looks like: the text after "expected". */
export function expectation(spec: OptionSpec): string {
  switch (spec.type) {
    case OptionType.Int:
      return `an integer between ${spec.min} and ${spec.max}`;
    case OptionType.DurationMs:
      return `a duration between ${formatDuration(spec.min)} and ${formatDuration(spec.max)} (${DURATION_EXAMPLE})`;
    case OptionType.Boolean:
      return 'true or false';
    case OptionType.Enum:
      return `one of ${spec.values.join(', ')}`;
    case OptionType.String:
      return spec.format.expected;
    case OptionType.List:
      return spec.item.expected;
  }
}

function inRange(spec: { readonly min: number; readonly max: number }, value: number): boolean {
  return value >= spec.min && value <= spec.max;
}

/**
 * Parses one raw value (already known to be non-empty). Format errors and range errors are told
 * apart, so `abc` hears what a duration looks like and `99h` hears the bounds.
 */
export function parseOptionValue(spec: OptionSpec, raw: string): ParsedValue {
  const text = spec.type === OptionType.String && spec.secret === true ? raw : raw.trim();
  const fail = (expected: string): ParsedValue => ({ ok: false, problem: `expected ${expected}` });
  switch (spec.type) {
    case OptionType.Int: {
      const value = INT_PATTERN.test(text) ? Number(text) : NaN;
      return Number.isSafeInteger(value) && inRange(spec, value)
        ? { ok: true, value }
        : fail(expectation(spec));
    }
    case OptionType.DurationMs: {
      const value = parseDuration(text);
      if (value === undefined) return fail(`a duration (${DURATION_EXAMPLE})`);
      return inRange(spec, value)
        ? { ok: true, value }
        : fail(`a duration between ${formatDuration(spec.min)} and ${formatDuration(spec.max)}`);
    }
    case OptionType.Boolean: {
      const lower = text.toLowerCase();
      if (lower === 'true' || lower === '1') return { ok: true, value: true };
      if (lower === 'false' || lower === '0') return { ok: true, value: false };
      return fail(expectation(spec));
    }
    case OptionType.Enum:
      return spec.values.includes(text) ? { ok: true, value: text } : fail(expectation(spec));
    case OptionType.String:
      return spec.format.test(text) ? { ok: true, value: text } : fail(expectation(spec));
    case OptionType.List: {
      const entries = text
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
      const bad = entries.filter((entry) => !spec.item.test(entry));
      if (bad.length === 0) return { ok: true, value: entries };
      const quoted = bad.map((entry) => `"${entry}"`).join(', ');
      return {
        ok: false,
        problem: `bad ${bad.length === 1 ? 'entry' : 'entries'} ${quoted}; expected ${spec.item.expected}`,
      };
    }
  }
}

/** A resolved value as a person would type it (`5m`, `a,b`); secrets are redacted. */
export function formatOptionValue(spec: OptionSpec, value: OptionValue): string {
  if (spec.type === OptionType.String && spec.secret === true && value !== undefined) return REDACTED;
  if (value === undefined) return 'unset';
  if (typeof value === 'number') {
    if (spec.type === OptionType.DurationMs) return formatDuration(value);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  return value.length === 0 ? 'empty' : value.join(',');
}
