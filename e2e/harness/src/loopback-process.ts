import { spawn, type ChildProcess } from 'node:child_process';
import { ChildProcessLogs } from './child-process-logs.js';

/** Runs a built node script with only PATH and `env`, as a Pod's container gets no more. */
export function spawnNodeScript(main: string, env: Readonly<Record<string, string>>): ChildProcessLogs {
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new ChildProcessLogs(child);
}

/**
 * A CMF process under test on two loopback ports: the one it serves, and its admin port
 * (probes and `/metrics`), as each of its containers has in a Pod.
 */
export abstract class LoopbackProcess {
  protected constructor(
    protected readonly processLogs: ChildProcessLogs,
    readonly port: number,
    readonly adminPort: number,
  ) {}

  get child(): ChildProcess {
    return this.processLogs.child;
  }

  /** Probes and metrics. */
  get adminUrl(): string {
    return `http://127.0.0.1:${this.adminPort}`;
  }

  /** Everything the process printed (JSON log lines). */
  get logs(): string {
    return this.processLogs.logs;
  }

  async metrics(): Promise<string> {
    return (await fetch(`${this.adminUrl}/metrics`)).text();
  }

  /** SIGTERM, as Kubernetes sends it; resolves with the exit code. */
  terminate(): Promise<number | null> {
    return this.processLogs.terminate();
  }

  kill(): Promise<void> {
    return this.processLogs.kill();
  }

  /** Waits until `ready` holds; a process that never gets there is killed, not left behind. */
  protected async waitReady(what: string, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    try {
      await this.processLogs.waitFor(what, ready, timeoutMs);
    } catch (err) {
      await this.kill();
      throw err;
    }
  }
}
