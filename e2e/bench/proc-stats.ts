import { readFile } from 'node:fs/promises';

/** USER_HZ: /proc reports CPU time in these ticks; 100 on every Linux this runs on (getconf CLK_TCK). */
const TICKS_PER_SECOND = 100;

/** Resident set size of `pid` in bytes (VmRSS of /proc/<pid>/status). */
export async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (match?.[1] === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** CPU seconds (user + system) `pid` has used so far. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, i.e. 11 and 12 after the name.
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  if (!Number.isFinite(user) || !Number.isFinite(system)) throw new Error(`unreadable /proc/${pid}/stat`);
  return (user + system) / TICKS_PER_SECOND;
}

/** Machine-wide CPU seconds so far (all cores): busy (not idle, not iowait) and stolen by the host. */
export async function machineSeconds(): Promise<{ busy: number; steal: number }> {
  const first = (await readFile('/proc/stat', 'utf8')).split('\n', 1)[0] ?? '';
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = first
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return {
    busy: (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND,
    steal: steal / TICKS_PER_SECOND,
  };
}

/** A set of processes whose CPU use is compared over one measurement window. */
export class CpuWatch {
  private start = new Map<string, number>();
  private machineStart = { busy: 0, steal: 0 };
  private startedAt = 0;

  constructor(private readonly pids: Readonly<Record<string, number>>) {}

  async begin(): Promise<void> {
    this.startedAt = performance.now();
    this.machineStart = await machineSeconds();
    this.start = new Map(
      await Promise.all(
        Object.entries(this.pids).map(async ([name, pid]) => [name, await cpuSeconds(pid)] as const),
      ),
    );
  }

  /**
   * Percent of one core each process used since `begin` (200 = both cores of this machine), plus
   * `machine` (everything busy, including softirq time the kernel spends moving loopback TCP that
   * no process is charged for, and other tenants) and `steal` (time the hypervisor gave away).
   */
  async end(): Promise<Record<string, number>> {
    const wallSeconds = (performance.now() - this.startedAt) / 1000;
    const machine = await machineSeconds();
    const percent = (seconds: number): number => Math.round((seconds / wallSeconds) * 100);
    const used: Record<string, number> = {
      machine: percent(machine.busy - this.machineStart.busy),
      steal: percent(machine.steal - this.machineStart.steal),
    };
    for (const [name, pid] of Object.entries(this.pids)) {
      const before = this.start.get(name) ?? 0;
      used[name] = percent((await cpuSeconds(pid)) - before);
    }
    // What none of the watched processes used: other tenants of this machine, and kernel work
    // (softirq) no process is charged for.
    const watched = Object.keys(this.pids).reduce((sum, name) => sum + (used[name] ?? 0), 0);
    used['others'] = Math.max(0, (used['machine'] ?? 0) - watched);
    return used;
  }
}
