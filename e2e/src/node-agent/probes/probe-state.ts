import type { V1Probe } from '../kube/objects.js';

export const ProbeKind = { Startup: 'startup', Readiness: 'readiness', Liveness: 'liveness' } as const;
export type ProbeKind = (typeof ProbeKind)[keyof typeof ProbeKind];

export type ProbeResult = 'success' | 'failure' | 'unknown';

export interface ProbeTiming {
  readonly initialDelayMs: number;
  readonly periodMs: number;
  readonly timeoutMs: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

/** The API's defaults: period 10 s, timeout 1 s, success 1, failure 3, no initial delay. */
export function probeTiming(probe: V1Probe): ProbeTiming {
  return {
    initialDelayMs: (probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: (probe.periodSeconds ?? 10) * 1000,
    timeoutMs: (probe.timeoutSeconds ?? 1) * 1000,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}

export interface ProbeState {
  readonly result: ProbeResult;
  /** The last raw outcome and how many times in a row it came. */
  readonly last: 'success' | 'failure' | undefined;
  readonly streak: number;
}

/**
 * Where each probe starts, as in the kubelet: not ready until readiness passes, alive until
 * liveness fails, not started until the startup probe passes.
 */
export function initialProbeState(kind: ProbeKind): ProbeState {
  const result: ProbeResult =
    kind === ProbeKind.Liveness ? 'success' : kind === ProbeKind.Readiness ? 'failure' : 'unknown';
  return { result, last: undefined, streak: 0 };
}

/** One probe outcome in: the result flips only after successThreshold / failureThreshold in a row. */
export function observeProbe(
  state: ProbeState,
  outcome: 'success' | 'failure',
  timing: ProbeTiming,
): ProbeState {
  const streak = state.last === outcome ? state.streak + 1 : 1;
  const threshold = outcome === 'success' ? timing.successThreshold : timing.failureThreshold;
  return { result: streak >= threshold ? outcome : state.result, last: outcome, streak };
}
