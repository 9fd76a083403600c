import { BaselineRig } from './baseline-rig.js';
import type { BenchOptions } from './bench-options.js';
import { CleanupStack } from './cleanup-stack.js';
import type { BaselineFigures, GatewayFigures } from './figures.js';
import { GatewayRig } from './gateway-rig.js';
import { COALESCED_BURST, SAME_PATTERN_BURST } from './load-shape.js';
import type { RunWindow } from './measure-run.js';
import { progress } from './progress.js';
import { summarizeRounds } from './saturation-summary.js';

/**
 * One benchmark run: the gateway (with Kafka) and the baseline are both set up with their own
 * clients, then measured in interleaved rounds (gateway, baseline, coalesced baseline, again), so
 * a slow drift in what else the machine runs touches both sides alike; then the gateway's latency
 * runs and its ingest run. Whatever fails, every process started is stopped.
 */
export async function runBench(
  options: BenchOptions,
): Promise<{ gateway: GatewayFigures; baseline: BaselineFigures }> {
  const cleanup = new CleanupStack();
  try {
    const gateway = await GatewayRig.start(options, cleanup);
    const baseline = await BaselineRig.start(options, cleanup);
    const windows = { gateway: [] as RunWindow[], same: [] as RunWindow[], coalesced: [] as RunWindow[] };
    const skipped = { same: 0, coalesced: 0 };
    let frameBytes = 0;
    for (let round = 1; round <= options.rounds; round++) {
      progress(`round ${round} of ${options.rounds}: ${options.saturationSeconds} s windows at saturation`);
      const window = await gateway.saturate(options.saturationSeconds);
      windows.gateway.push(window);
      // The baseline's frames are padded to the size the gateway's really were.
      if (frameBytes === 0) frameBytes = Math.round(window.frameBytes);
      const same = await baseline.saturate(options.saturationSeconds, frameBytes, SAME_PATTERN_BURST);
      windows.same.push(same);
      skipped.same += same.report.skipped;
      const coalesced = await baseline.saturate(options.saturationSeconds, frameBytes, COALESCED_BURST);
      windows.coalesced.push(coalesced);
      skipped.coalesced += coalesced.report.skipped;
    }
    const saturation = summarizeRounds(windows.gateway);
    const sameSaturation = summarizeRounds(windows.same);
    const rates = {
      gateway: saturation.deliveriesPerSecond,
      baseline: sameSaturation.deliveriesPerSecond,
    };
    const latency = [await gateway.latency(options.latencyLoad, 'gateway', rates)];
    if (options.unmergedLoad > 0)
      latency.push(await gateway.latency(options.unmergedLoad, 'baseline', rates));
    if (options.lightLoad > 0) latency.push(await gateway.latency(options.lightLoad, 'gateway', rates));
    const ingest = await gateway.ingest(options.saturationSeconds);
    return {
      gateway: {
        idle: gateway.idle,
        presenceWhileSubscribing: gateway.presenceWhileSubscribing,
        saturation: { ...saturation, messagesPerSecond: saturation.deliveriesPerSecond / gateway.meanFanout },
        latency,
        ingest,
        end: await gateway.end(),
      },
      baseline: {
        idle: baseline.idle,
        saturation: { ...sameSaturation, burst: SAME_PATTERN_BURST, skipped: skipped.same },
        coalesced: {
          ...summarizeRounds(windows.coalesced),
          burst: COALESCED_BURST,
          skipped: skipped.coalesced,
        },
        clientCloses: await baseline.clientCloses(),
      },
    };
  } finally {
    progress('stopping every process the benchmark started');
    await cleanup.run();
  }
}
