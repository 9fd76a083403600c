import type { V1Probe } from '../kube/objects.js';
import { sleep } from '../kube/list-watch.js';
import { runProbe, type ProbeTarget } from './probe-action.js';
import {
  initialProbeState,
  observeProbe,
  probeTiming,
  type ProbeKind,
  type ProbeResult,
  type ProbeState,
} from './probe-state.js';

/**
 * Runs one probe of one container instance on its schedule (initial delay, then every period)
 * and reports each change of its result. Stops when the instance stops.
 */
export class ProbeWorker {
  private state: ProbeState;
  private readonly abort = new AbortController();
  private readonly done: Promise<void>;

  constructor(
    readonly kind: ProbeKind,
    private readonly probe: V1Probe,
    private readonly target: ProbeTarget,
    private readonly onChange: (result: ProbeResult) => void,
    /** Holds the first attempt back (liveness and readiness wait for the startup probe). */
    gate: Promise<void> = Promise.resolve(),
  ) {
    this.state = initialProbeState(kind);
    this.done = this.run(gate);
  }

  get result(): ProbeResult {
    return this.state.result;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.done;
  }

  /** A method, not a field read, so checks after an await are not narrowed away. */
  private stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(gate: Promise<void>): Promise<void> {
    const signal = this.abort.signal;
    const timing = probeTiming(this.probe);
    await Promise.race([
      gate,
      new Promise((r) => {
        signal.addEventListener('abort', r, { once: true });
      }),
    ]);
    await sleep(timing.initialDelayMs, signal);
    while (!signal.aborted) {
      const outcome = await runProbe(this.probe, this.target, timing.timeoutMs);
      if (this.stopped()) return;
      const next = observeProbe(this.state, outcome, timing);
      const changed = next.result !== this.state.result;
      this.state = next;
      if (changed) this.onChange(next.result);
      await sleep(timing.periodMs, signal);
    }
  }
}
