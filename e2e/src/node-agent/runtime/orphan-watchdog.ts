import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { signalGroup } from './container-process.js';

/**
 * A small shell process that outlives the agent: when the agent's process (or the test process
 * that owns it, CMF_OWNER_PID) dies without stopping its containers, it signals every process
 * group still listed in `groupsFile` (SIGTERM, then SIGKILL), so no container survives its node.
 * It is the same idea as watch_owner in e2e/infra/lib.sh.
 */
export class OrphanWatchdog {
  private readonly groups = new Set<number>();
  private readonly pid: number;

  constructor(
    private readonly groupsFile: string,
    ownerPids: readonly number[],
    graceSeconds = 5,
  ) {
    writeFileSync(groupsFile, '');
    const alive = ownerPids.map((p) => `kill -0 ${String(p)} 2>/dev/null`).join(' && ');
    const signalAll = (sig: string): string =>
      `for g in $(cat "$F" 2>/dev/null); do kill -${sig} -- -$g 2>/dev/null; done`;
    const script = [
      `F=${JSON.stringify(groupsFile)}`,
      `while ${alive}; do sleep 1; done`,
      signalAll('TERM'),
      `sleep ${String(graceSeconds)}`,
      signalAll('KILL'),
      'rm -f "$F"',
    ].join('\n');
    const child = spawn('bash', ['-c', script], { detached: true, stdio: 'ignore' });
    child.unref();
    this.pid = child.pid ?? -1;
  }

  add(pgid: number): void {
    this.groups.add(pgid);
    this.write();
  }

  remove(pgid: number): void {
    if (this.groups.delete(pgid)) this.write();
  }

  /** The agent stopped its containers itself: the watchdog has nothing left to do. */
  dismiss(): void {
    signalGroup(this.pid, 'SIGKILL');
    rmSync(this.groupsFile, { force: true });
  }

  private write(): void {
    writeFileSync(this.groupsFile, [...this.groups].join('\n'));
  }
}
