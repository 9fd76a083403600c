import { describe, expect, it } from 'vitest';
import { durationMs, gatewayDuration } from './duration.js';
import { RenderError } from './render-error.js';

describe('durations', () => {
  it('reads every Go duration the CRD pattern admits', () => {
    expect(durationMs('25s', 'f')).toBe(25_000);
    expect(durationMs('300ms', 'f')).toBe(300);
    expect(durationMs('1h30m', 'f')).toBe(5_400_000);
    expect(durationMs('1.5s', 'f')).toBe(1500);
    expect(durationMs('168h', 'f')).toBe(604_800_000);
    expect(durationMs('0.4ms', 'f')).toBe(0);
    expect(durationMs('0.5ms', 'f')).toBe(1);
    expect(durationMs('4.35s', 'f')).toBe(4350);
  });

  it('refuses anything else with the field named', () => {
    for (const bad of ['', '25', 's', '1d', '1h 30m', '-1s', '1..5s']) {
      expect(() => durationMs(bad, 'spec.drain.timeout')).toThrow(RenderError);
    }
    expect(() => durationMs('1d', 'spec.drain.timeout')).toThrow(/spec\.drain\.timeout: "1d"/);
  });

  it('spells whole milliseconds with the largest exact unit, as the gateway reads them', () => {
    expect(gatewayDuration('300s', 'f')).toBe('5m');
    expect(gatewayDuration('1500ms', 'f')).toBe('1500ms');
    expect(gatewayDuration('0s', 'f')).toBe('0ms');
    expect(gatewayDuration('1h30m', 'f')).toBe('90m');
    expect(gatewayDuration('2h', 'f')).toBe('2h');
  });
});
