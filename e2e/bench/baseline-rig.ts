import { freePort } from '@cmf/test-harness';
import type { BaselineServerApi, BroadcastReport } from './baseline-server-api.js';
import type { BenchOptions } from './bench-options.js';
import type { CleanupStack } from './cleanup-stack.js';
import type { IdleMemory } from './figures.js';
import { connectAndMeasureIdle } from './idle-memory.js';
import { checkpoint } from './interrupt.js';
import { ChildChannel } from './ipc.js';
import type { LoadGeneratorApi } from './load-generator-api.js';
import { outstandingFramesPerSocket } from './load-shape.js';
import { measureRun, type RunWindow } from './measure-run.js';
import { CpuWatch } from './proc-stats.js';
import { progress, sleep } from './progress.js';

/** Time for the clients to read what is still in flight before the next window starts. */
const DRAIN_MS = 1000;

/**
 * The raw `ws` ceiling on the same machine: the same number of sockets and rooms, the same client
 * code in a load generator of its own, and frames of the gateway's measured size, broadcast by
 * the server's own loop (no Kafka, no auth, no history).
 */
export class BaselineRig {
  private constructor(
    readonly idle: IdleMemory,
    private readonly server: ChildChannel<BaselineServerApi>,
    private readonly loadgen: ChildChannel<LoadGeneratorApi>,
    private readonly cpu: CpuWatch,
    private readonly options: BenchOptions,
  ) {}

  static async start(options: BenchOptions, cleanup: CleanupStack): Promise<BaselineRig> {
    // The inspector only lets the benchmark force a GC for the idle-memory figure (loopback only).
    const inspectPort = await freePort();
    const server = ChildChannel.fork<BaselineServerApi>(
      'baseline server',
      new URL('./baseline-server.js', import.meta.url),
      [`--inspect=127.0.0.1:${inspectPort}`],
    );
    cleanup.defer('stop the baseline server', () => server.stop());
    const { port } = await server.call('listen', {});
    progress(`baseline ws server (pid ${server.pid}) on 127.0.0.1:${port}`);
    const loadgen = ChildChannel.fork<LoadGeneratorApi>(
      'baseline load generator',
      new URL('./load-generator.js', import.meta.url),
    );
    cleanup.defer('stop the baseline load generator', () => loadgen.stop());
    const url = `ws://127.0.0.1:${port}/connection/websocket`;
    // Tokens are minted exactly as for the gateway, so the clients do the same work; nobody checks them.
    const idle = await connectAndMeasureIdle(
      loadgen,
      { pid: server.pid, inspectPort },
      url,
      'baseline-ignores-tokens',
      options,
    );
    const cpu = new CpuWatch({ baseline: server.pid, loadGenerator: loadgen.pid, bench: process.pid });
    return new BaselineRig(idle, server, loadgen, cpu, options);
  }

  /**
   * Broadcasts `frameBytes` frames for the warm-up plus `seconds`, `burst` frames to each socket
   * of a room in a row, and measures the window after the warm-up.
   */
  async saturate(
    seconds: number,
    frameBytes: number,
    burst: number,
  ): Promise<RunWindow & { readonly report: BroadcastReport }> {
    checkpoint();
    const pauseAboveBytes = outstandingFramesPerSocket(this.options.sockets) * frameBytes;
    let report: BroadcastReport = { sent: 0, skipped: 0, backoffs: 0 };
    const run = await measureRun(this.loadgen, this.cpu, this.options.warmupSeconds, async () => {
      await this.server.call('start', { frameBytes, pauseAboveBytes, burst });
      await sleep((this.options.warmupSeconds + seconds) * 1000);
      report = await this.server.call('stop', {});
    });
    progress(
      `baseline, ${burst} a socket in a row: ${Math.round(run.deliveriesPerSecond)} deliveries/s; ` +
        `CPU % ${JSON.stringify(run.cpuPercent)}; ${report.skipped} frames skipped for back-pressure`,
    );
    await sleep(DRAIN_MS);
    return { ...run, report };
  }

  /** Client-side closes since connecting (expected: none). */
  async clientCloses(): Promise<Readonly<Record<string, number>>> {
    return (await this.loadgen.call('snapshot', { resetLatency: false })).closes;
  }
}
