import { constants } from 'node:os';
import type { V1Container } from '../kube/objects.js';
import { NodeAgentError, NodeAgentErrorCode } from '../errors.js';
import type { WireContainerState, WireContainerStatus } from '../kube/objects.js';
import { sleep } from '../kube/list-watch.js';
import type { ProbeTarget } from '../probes/probe-action.js';
import { crashesAfterExit, restartDelay, retryDelay, type BackoffPolicy } from './backoff.js';
import { ContainerInstance, type InstanceEnd } from './container-instance.js';
import { ContainerProcess, type ProcessExit, type ProcessSpec } from './container-process.js';

/** Everything needed to start one instance, prepared afresh for each start (env may have changed). */
export interface PreparedContainer {
  readonly process: ProcessSpec;
  readonly probeTarget: ProbeTarget;
}

export interface ContainerHost {
  /** Resolves image, command, env and directories; throws NodeAgentError when it cannot. */
  prepare(container: V1Container): Promise<PreparedContainer>;
  /** Called when a process group starts or ends, for the orphan watchdog. */
  processStarted(pgid: number): void;
  processEnded(pgid: number): void;
  /** The container's status changed: the pod's status should be written. */
  changed(): void;
}

export const RestartPolicy = { Always: 'Always', OnFailure: 'OnFailure', Never: 'Never' } as const;
export type RestartPolicy = (typeof RestartPolicy)[keyof typeof RestartPolicy];

export type RunOutcome = 'succeeded' | 'failed' | 'stopped';

export interface RunnerOptions {
  readonly restartPolicy: RestartPolicy;
  readonly backoff: BackoffPolicy;
  readonly graceMs: number;
  /** For messages: ns/name(uid) as the kubelet prints it. */
  readonly podRef: string;
  readonly imageID: string;
  readonly init: boolean;
}

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

function exitCode(exit: ProcessExit): number {
  if (exit.code !== null) return exit.code;
  const signal = exit.signal === null ? 0 : ((constants.signals[exit.signal] as number | undefined) ?? 0);
  return 128 + signal;
}

/**
 * The kubelet's loop for one container: prepare, start, watch, and restart by the pod's policy
 * with CrashLoopBackOff; failures before a process exists become the kubelet's waiting reasons.
 */
export class ContainerRunner {
  private state: WireContainerState = { waiting: { reason: 'ContainerCreating' } };
  private lastState: WireContainerState = {};
  private restartCount = 0;
  private containerID: string | undefined;
  private instance: ContainerInstance | undefined;
  private stopping = false;
  private readonly abort = new AbortController();
  private loop: Promise<RunOutcome> | undefined;

  constructor(
    readonly container: V1Container,
    private readonly host: ContainerHost,
    private readonly options: RunnerOptions,
  ) {}

  run(): Promise<RunOutcome> {
    this.loop ??= this.loopForever();
    return this.loop;
  }

  get pid(): number | undefined {
    return this.instance?.process.running === true ? this.instance.process.pid : undefined;
  }

  status(): WireContainerStatus {
    const flags =
      this.instance?.process.running === true ? this.instance.flags : { started: false, ready: false };
    return {
      name: this.container.name,
      image: this.container.image ?? '',
      imageID: this.options.imageID,
      ...(this.containerID === undefined ? {} : { containerID: this.containerID }),
      state: this.state,
      lastState: this.lastState,
      ready: flags.ready,
      started: flags.started,
      restartCount: this.restartCount,
    };
  }

  /** Stops the current instance (SIGTERM, SIGKILL after `graceMs`) and ends the loop. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    await this.instance?.terminate(graceMs);
    await this.loop;
  }

  /** A method, not a field read, so checks after an await are not narrowed away. */
  private isStopping(): boolean {
    return this.stopping;
  }

  private setState(state: WireContainerState): void {
    this.state = state;
    this.host.changed();
  }

  private async loopForever(): Promise<RunOutcome> {
    let crashes = 0;
    let pullFailures = 0;
    let configFailures = 0;
    let starts = 0;
    while (!this.stopping) {
      let prepared: PreparedContainer;
      try {
        prepared = await this.host.prepare(this.container);
      } catch (err) {
        if (!(err instanceof NodeAgentError)) throw err;
        if (err.code === NodeAgentErrorCode.ImageUnknown) {
          pullFailures += 1;
          const image = this.container.image ?? '';
          this.setState({
            waiting:
              pullFailures === 1
                ? { reason: 'ErrImagePull', message: err.message }
                : {
                    reason: 'ImagePullBackOff',
                    message: `Back-off pulling image "${image}": ErrImagePull: ${err.message}`,
                  },
          });
          await sleep(retryDelay(pullFailures, this.options.backoff), this.abort.signal);
          continue;
        }
        if (err.code === NodeAgentErrorCode.CommandNotFound) {
          // The kubelet reports a start failure as an instance that ended at once with 128.
          starts += 1;
          if (starts > 1) this.restartCount += 1;
          const at = now();
          const ended: WireContainerState = {
            terminated: {
              exitCode: 128,
              reason: 'StartError',
              message: err.message,
              startedAt: at,
              finishedAt: at,
            },
          };
          const next = await this.afterEnd(ended, 128, 0, crashes);
          if (next === undefined) return 'failed';
          crashes = next;
          continue;
        }
        configFailures += 1;
        this.setState({ waiting: { reason: 'CreateContainerConfigError', message: err.message } });
        await sleep(retryDelay(configFailures, this.options.backoff), this.abort.signal);
        continue;
      }
      pullFailures = 0;
      configFailures = 0;
      if (this.isStopping()) break;

      let process: ContainerProcess;
      try {
        process = await ContainerProcess.start(prepared.process);
      } catch (err) {
        const at = now();
        const message = err instanceof Error ? err.message : String(err);
        starts += 1;
        if (starts > 1) this.restartCount += 1;
        const next = await this.afterEnd(
          { terminated: { exitCode: 128, reason: 'StartError', message, startedAt: at, finishedAt: at } },
          128,
          0,
          crashes,
        );
        if (next === undefined) return 'failed';
        crashes = next;
        continue;
      }
      starts += 1;
      if (starts > 1) this.restartCount += 1;
      this.containerID = `cmf://${String(process.pid)}`;
      this.host.processStarted(process.pid);
      this.instance = new ContainerInstance(
        this.container,
        process,
        prepared.probeTarget,
        this.options.graceMs,
        () => {
          this.host.changed();
        },
      );
      const startedAt = process.startedAt.toISOString().replace(/\.\d+Z$/, 'Z');
      this.setState({ running: { startedAt } });
      const end: InstanceEnd = await this.instance.ended;
      this.host.processEnded(process.pid);
      const code = exitCode(end.exit);
      const terminated: WireContainerState = {
        terminated: {
          exitCode: code,
          ...(end.exit.signal === null ? {} : { signal: constants.signals[end.exit.signal] }),
          reason: code === 0 ? 'Completed' : 'Error',
          ...(end.kind === 'exited' ? {} : { message: end.message }),
          startedAt,
          finishedAt: end.exit.at.toISOString().replace(/\.\d+Z$/, 'Z'),
          containerID: this.containerID,
        },
      };
      const ranFor = end.exit.at.getTime() - process.startedAt.getTime();
      const next = await this.afterEnd(terminated, code, ranFor, crashes, end.kind !== 'exited');
      if (next === undefined) return this.isStopping() ? 'stopped' : code === 0 ? 'succeeded' : 'failed';
      crashes = next;
    }
    return 'stopped';
  }

  /**
   * Records an ended instance; returns the new crash count when the container restarts, or
   * undefined when it stays terminated (policy, init success, or stopping).
   */
  private async afterEnd(
    terminated: WireContainerState,
    code: number,
    ranForMs: number,
    crashes: number,
    probeKilled = false,
  ): Promise<number | undefined> {
    const policy =
      this.options.init && this.options.restartPolicy === RestartPolicy.Always
        ? RestartPolicy.OnFailure
        : this.options.restartPolicy;
    const restart =
      !this.stopping &&
      (policy === RestartPolicy.Always ||
        (policy === RestartPolicy.OnFailure && (code !== 0 || probeKilled)));
    if (!restart) {
      this.setState(terminated);
      return undefined;
    }
    this.lastState = terminated;
    const next = crashesAfterExit(crashes, ranForMs, this.options.backoff);
    const delay = restartDelay(next, this.options.backoff);
    if (delay > 0) {
      this.setState({
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${formatDuration(delay)} restarting failed container=${this.container.name} pod=${this.options.podRef}`,
        },
      });
      await sleep(delay, this.abort.signal);
    } else {
      this.setState({ waiting: { reason: 'ContainerCreating' } });
    }
    return next;
  }
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${String(ms)}ms`;
  const seconds = Math.round(ms / 1000);
  return seconds >= 60
    ? `${String(Math.floor(seconds / 60))}m${String(seconds % 60)}s`
    : `${String(seconds)}s`;
}
