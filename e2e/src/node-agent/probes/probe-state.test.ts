import { describe, expect, it } from 'vitest';
import { initialProbeState, observeProbe, probeTiming, ProbeKind, type ProbeState } from './probe-state.js';

function feed(
  state: ProbeState,
  outcomes: ('success' | 'failure')[],
  successThreshold: number,
  failureThreshold: number,
): string[] {
  const timing = probeTiming({ successThreshold, failureThreshold });
  const results: string[] = [];
  let s = state;
  for (const o of outcomes) {
    s = observeProbe(s, o, timing);
    results.push(s.result);
  }
  return results;
}

describe('probe state', () => {
  it('starts as the kubelet does: not ready, alive, not started', () => {
    expect(initialProbeState(ProbeKind.Readiness).result).toBe('failure');
    expect(initialProbeState(ProbeKind.Liveness).result).toBe('success');
    expect(initialProbeState(ProbeKind.Startup).result).toBe('unknown');
  });

  it('flips only after the threshold of consecutive outcomes', () => {
    const live = initialProbeState(ProbeKind.Liveness);
    expect(feed(live, ['failure', 'failure', 'success', 'failure', 'failure', 'failure'], 1, 3)).toEqual([
      'success',
      'success',
      'success',
      'success',
      'success',
      'failure',
    ]);
    const ready = initialProbeState(ProbeKind.Readiness);
    expect(feed(ready, ['success', 'success', 'failure', 'success', 'success'], 2, 1)).toEqual([
      'failure',
      'success',
      'failure',
      'failure',
      'success',
    ]);
  });

  it('takes the API defaults', () => {
    expect(probeTiming({})).toEqual({
      initialDelayMs: 0,
      periodMs: 10_000,
      timeoutMs: 1000,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });
});
