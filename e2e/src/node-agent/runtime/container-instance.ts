import type { V1Container } from '../kube/objects.js';
import type { ProbeTarget } from '../probes/probe-action.js';
import { ProbeWorker } from '../probes/probe-worker.js';
import { ProbeKind, type ProbeResult } from '../probes/probe-state.js';
import { ContainerProcess, type ProcessExit } from './container-process.js';

export interface InstanceFlags {
  readonly started: boolean;
  readonly ready: boolean;
}

export type InstanceEnd =
  | { readonly kind: 'exited'; readonly exit: ProcessExit }
  | { readonly kind: 'liveness'; readonly exit: ProcessExit; readonly message: string }
  | { readonly kind: 'startup'; readonly exit: ProcessExit; readonly message: string };

/**
 * One running instance of a container with its probes: startup first, then readiness and
 * liveness. A failed liveness or startup probe kills the instance (the runner decides on restart).
 */
export class ContainerInstance {
  private startup: ProbeWorker | undefined;
  private readiness: ProbeWorker | undefined;
  private liveness: ProbeWorker | undefined;
  private probeKill: { kind: 'liveness' | 'startup'; message: string } | undefined;
  readonly ended: Promise<InstanceEnd>;

  constructor(
    private readonly container: V1Container,
    readonly process: ContainerProcess,
    target: ProbeTarget,
    private readonly graceMs: number,
    private readonly onChange: () => void,
  ) {
    let startupPassed: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (startupPassed = resolve));
    if (container.startupProbe !== undefined) {
      this.startup = new ProbeWorker(ProbeKind.Startup, container.startupProbe, target, (result) => {
        if (result === 'success') {
          startupPassed();
        } else if (result === 'failure') {
          void this.killForProbe(
            'startup',
            `Container ${container.name} failed startup probe, will be restarted`,
          );
        }
        this.onChange();
      });
    } else {
      startupPassed();
    }
    if (container.readinessProbe !== undefined) {
      this.readiness = new ProbeWorker(
        ProbeKind.Readiness,
        container.readinessProbe,
        target,
        () => {
          this.onChange();
        },
        gate,
      );
    }
    if (container.livenessProbe !== undefined) {
      this.liveness = new ProbeWorker(
        ProbeKind.Liveness,
        container.livenessProbe,
        target,
        (result: ProbeResult) => {
          if (result === 'failure') {
            void this.killForProbe(
              'liveness',
              `Container ${container.name} failed liveness probe, will be restarted`,
            );
          }
        },
        gate,
      );
    }
    this.ended = this.process.exited.then(async (exit) => {
      await this.stopProbes();
      return this.probeKill === undefined ? { kind: 'exited', exit } : { ...this.probeKill, exit };
    });
  }

  get flags(): InstanceFlags {
    const started = this.process.running && (this.startup === undefined || this.startup.result === 'success');
    const ready = started && (this.readiness === undefined || this.readiness.result === 'success');
    return { started, ready };
  }

  async terminate(graceMs = this.graceMs): Promise<InstanceEnd> {
    await this.process.terminate(graceMs);
    return this.ended;
  }

  private async killForProbe(kind: 'liveness' | 'startup', message: string): Promise<void> {
    if (this.probeKill !== undefined) return;
    this.probeKill = { kind, message };
    const probe = kind === 'liveness' ? this.container.livenessProbe : this.container.startupProbe;
    const grace = probe?.terminationGracePeriodSeconds;
    await this.process.terminate(grace === undefined ? this.graceMs : grace * 1000);
  }

  private async stopProbes(): Promise<void> {
    await Promise.all([this.startup?.stop(), this.readiness?.stop(), this.liveness?.stop()]);
  }
}
