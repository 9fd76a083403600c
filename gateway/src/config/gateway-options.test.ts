import { describe, expect, it } from 'vitest';
import { LogLevel } from '../log/index.js';
import { gatewayOptions, gatewaySections } from './gateway-options.js';
import { isHostDefault, OptionType, type OptionSpec } from './option-spec.js';
import { formatOptionValue, parseOptionValue, type OptionValue } from './option-value.js';

function unique(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

function staticDefault(spec: OptionSpec): OptionValue {
  return isHostDefault(spec.default) ? undefined : spec.default;
}

describe('gatewayOptions', () => {
  it('declares each key, env var and flag once', () => {
    expect(unique(gatewayOptions.map((o) => o.key))).toBe(true);
    expect(unique(gatewayOptions.map((o) => o.env))).toBe(true);
    expect(unique(gatewayOptions.map((o) => o.flag))).toBe(true);
  });

  it.each(gatewayOptions.map((o) => [o.key, o] as const))('%s follows the naming rules', (_key, option) => {
    expect(option.env).toMatch(/^CMF_[A-Z0-9]+(_[A-Z0-9]+)*$/);
    // The flag is the env var without CMF_, in kebab case: knowing one is knowing the other.
    expect(option.flag).toBe(`--${option.env.slice('CMF_'.length).toLowerCase().replaceAll('_', '-')}`);
    if (option.type === OptionType.DurationMs) {
      expect(option.key).toMatch(/Ms$/);
      expect(option.env).not.toMatch(/_MS$/);
    }
    if (option.type === OptionType.Bytes) {
      expect(option.key).toMatch(/Bytes$/);
      expect(option.env).toMatch(/_BYTES$/);
    }
  });

  it.each(gatewayOptions.map((o) => [o.key, o] as const))('%s has a one-line doc', (_key, option) => {
    expect(option.doc).not.toContain('\n');
    expect(option.doc.length).toBeLessThanOrEqual(110);
    expect(option.doc).toMatch(/\.$/);
  });

  it.each(gatewayOptions.map((o) => [o.key, o] as const))(
    '%s has a default its own parser accepts',
    (_key, option) => {
      const fallback = staticDefault(option);
      if (option.required === true) {
        expect(fallback, 'a required option has no static default').toBeUndefined();
        return;
      }
      if (
        option.type === OptionType.Int ||
        option.type === OptionType.DurationMs ||
        option.type === OptionType.Bytes
      ) {
        expect(option.min).toBeLessThanOrEqual(option.default);
        expect(option.default).toBeLessThanOrEqual(option.max);
      }
      if (fallback === undefined) return;
      const text = formatOptionValue(option, option.default as never);
      if (option.type === OptionType.List && option.default?.length === 0) return;
      expect(parseOptionValue(option, text)).toStrictEqual({ ok: true, value: fallback });
    },
  );

  it('lists the sections in table order, each used', () => {
    const order = gatewaySections.map((s) => s.id as string);
    const indexes = gatewayOptions.map((o) => order.indexOf(o.section));
    expect(indexes.every((index) => index >= 0)).toBe(true);
    expect(indexes).toStrictEqual([...indexes].sort((a, b) => a - b));
    expect(new Set(indexes).size).toBe(order.length);
  });

  it('offers exactly the logger levels', () => {
    const level = gatewayOptions.find((o) => o.key === 'log.level');
    expect(level?.type === OptionType.Enum ? level.values : undefined).toStrictEqual(Object.keys(LogLevel));
  });

  it('marks the dev JWT secret, and only it, as secret', () => {
    const secrets = gatewayOptions
      .filter((o) => o.type === OptionType.String && o.secret === true)
      .map((o) => o.key);
    expect(secrets).toStrictEqual(['auth.devJwtSecret']);
  });
});
