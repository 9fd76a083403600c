import type { ChildProcess } from 'node:child_process';

/**
 * Ctrl-C and SIGTERM must not leave a gateway or Kafka behind. On a signal every tracked child is
 * killed at once, so whatever the benchmark awaits from it fails; the next checkpoint throws for
 * the steps that await nothing killable (starting Kafka); either way each phase's cleanup runs.
 */
const tracked = new Set<ChildProcess>();
let signal: string | undefined;

export class Interrupted extends Error {
  constructor(signalName: string) {
    super(`interrupted by ${signalName}`);
    this.name = 'Interrupted';
  }
}

export function track(child: ChildProcess): void {
  tracked.add(child);
  child.once('exit', () => tracked.delete(child));
}

/** The signal that interrupted the run, if one did: whatever failed after it is its consequence. */
export function interruptedBy(): string | undefined {
  return signal;
}

export function checkpoint(): void {
  if (signal !== undefined) throw new Interrupted(signal);
}

export function installInterruptHandlers(): void {
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.once(name, () => {
      signal = name;
      console.error(`\n${name}: stopping every process the benchmark started`);
      for (const child of tracked) child.kill('SIGKILL');
      process.exitCode = name === 'SIGINT' ? 130 : 143;
    });
  }
}
