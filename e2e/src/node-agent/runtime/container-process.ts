import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface ProcessSpec {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** stdout and stderr are appended here, by the kernel, so output survives the agent. */
  readonly logFile: string;
}

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly at: Date;
}

/**
 * One container instance: a process leading its own process group, so everything it starts is
 * signalled with it (a container's processes die with its pid 1).
 */
export class ContainerProcess {
  readonly startedAt = new Date();
  readonly exited: Promise<ProcessExit>;
  private exit: ProcessExit | undefined;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal, at: new Date() };
        // Leftover children of the container go with it.
        signalGroup(this.pid, 'SIGKILL');
        resolve(this.exit);
      });
    });
  }

  /** Resolves once the process exists (or rejects when it could not be spawned). */
  static start(spec: ProcessSpec): Promise<ContainerProcess> {
    const log = openSync(spec.logFile, 'a');
    try {
      const child = spawn(spec.file, [...spec.args], {
        cwd: spec.cwd,
        env: { ...spec.env },
        detached: true,
        stdio: ['ignore', log, log],
      });
      child.unref();
      return new Promise((resolve, reject) => {
        child.once('spawn', () => {
          resolve(new ContainerProcess(child));
        });
        child.once('error', reject);
      });
    } finally {
      closeSync(log);
    }
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** SIGTERM to the group, SIGKILL after the grace period; resolves when the process is gone. */
  async terminate(graceMs: number): Promise<ProcessExit> {
    if (this.exit !== undefined) return this.exit;
    signalGroup(this.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      signalGroup(this.pid, 'SIGKILL');
    }, graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  if (pgid <= 0) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}
