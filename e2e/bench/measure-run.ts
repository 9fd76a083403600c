import type { ClientSnapshot } from './client-stats.js';
import type { ChildChannel } from './ipc.js';
import type { LoadGeneratorApi } from './load-generator-api.js';
import type { CpuWatch } from './proc-stats.js';
import { sleep } from './progress.js';

export interface RunWindow {
  /** Frames received per second by all clients together, after the warm-up. */
  readonly deliveriesPerSecond: number;
  /** Mean size of those frames. */
  readonly frameBytes: number;
  readonly seconds: number;
  /** The end of the window; its latency covers the window only. */
  readonly last: ClientSnapshot;
  /** Percent of one core per process over the window. */
  readonly cpuPercent: Readonly<Record<string, number>>;
}

/**
 * Runs `load` and measures what the clients receive from `warmupSeconds` after its start until it
 * ends: the first seconds (JIT, TCP windows, Kafka fetch sizes growing) are left out. The rate uses
 * the load generator's own timestamps, so a late IPC answer does not skew it.
 */
export async function measureRun(
  loadgen: ChildChannel<LoadGeneratorApi>,
  cpu: CpuWatch,
  warmupSeconds: number,
  load: () => Promise<void>,
  /** Called when the measured window starts and ends (after the warm-up), e.g. to scrape metrics. */
  onWindow?: { start(): Promise<void>; end(): Promise<void> },
): Promise<RunWindow> {
  const running = load();
  // Handled now so a failure during the warm-up is reported by the await below, not as unhandled.
  running.catch(() => undefined);
  await sleep(warmupSeconds * 1000);
  const first = await loadgen.call('snapshot', { resetLatency: true });
  await onWindow?.start();
  await cpu.begin();
  await running;
  const last = await loadgen.call('snapshot', { resetLatency: true });
  await onWindow?.end();
  const cpuPercent = await cpu.end();
  const seconds = (last.at - first.at) / 1000;
  const frames = last.messages - first.messages;
  return {
    deliveriesPerSecond: seconds > 0 ? frames / seconds : 0,
    frameBytes: frames > 0 ? (last.bytes - first.bytes) / frames : 0,
    seconds,
    last,
    cpuPercent,
  };
}
