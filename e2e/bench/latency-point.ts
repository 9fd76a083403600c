import type { BenchOptions } from './bench-options.js';
import type { ChatProducer } from './chat-producer.js';
import { waitForDeliveries } from './client-poller.js';
import type { LatencyPoint, LatencyReference, SaturationRates } from './figures.js';
import type { ChildChannel } from './ipc.js';
import type { LoadGeneratorApi } from './load-generator-api.js';
import { measureRun } from './measure-run.js';
import type { CpuWatch } from './proc-stats.js';
import { progress } from './progress.js';
import { writeBudget } from './write-budget.js';
import { histogramBuckets, quantileBetween } from './prometheus-text.js';
import type { RoomPlan } from './room-plan.js';

/**
 * Produces at `load` x the saturation delivery rate for `options.latencySeconds` and reports the
 * produce-to-receive latency the clients saw after the warm-up (client receive time minus the
 * ChatMessage's sentTimestamp, both Date.now() on this machine). Waits for the run's backlog to
 * drain before returning, so the next run starts from quiet.
 */
export async function measureLatencyPoint(
  load: number,
  of: LatencyReference,
  saturation: SaturationRates,
  plan: RoomPlan,
  producer: ChatProducer,
  loadgen: ChildChannel<LoadGeneratorApi>,
  cpu: CpuWatch,
  options: BenchOptions,
  /** The gateway's Prometheus text, for its own latency histogram over the window. */
  gatewayMetrics?: () => Promise<string>,
): Promise<LatencyPoint> {
  const deliveriesPerSecond = load * saturation[of];
  const messagesPerSecond = deliveriesPerSecond / plan.meanFanout;
  const label = `latency at ${load} x the ${of}'s saturation`;
  progress(
    `${label}: ${Math.round(messagesPerSecond)} messages/s ` +
      `(${Math.round(deliveriesPerSecond)} deliveries/s), ${options.latencySeconds} s`,
  );
  const histogram = 'cmf_gateway_delivery_latency_seconds';
  const scrapes: Map<number, number>[] = [];
  const scrape = async (): Promise<void> => {
    if (gatewayMetrics !== undefined) scrapes.push(histogramBuckets(await gatewayMetrics(), histogram));
  };
  const run = await measureRun(
    loadgen,
    cpu,
    options.warmupSeconds,
    () => producer.fixedRate(messagesPerSecond, options.warmupSeconds + options.latencySeconds),
    { start: scrape, end: scrape },
  );
  const [before, after] = scrapes;
  const p50 = before && after ? quantileBetween(before, after, 0.5) : undefined;
  const p99 = before && after ? quantileBetween(before, after, 0.99) : undefined;
  const gatewayWriteMs =
    p50 !== undefined && p99 !== undefined ? { p50: p50 * 1000, p99: p99 * 1000 } : undefined;
  const summary = run.last.latency;
  progress(
    `${label}: p50 ${summary.p50} ms, p99 ${summary.p99} ms, max ${summary.max} ms ` +
      `over ${summary.samples} deliveries (${Math.round(run.deliveriesPerSecond)}/s); CPU % ${JSON.stringify(run.cpuPercent)}` +
      (gatewayWriteMs === undefined
        ? ''
        : `; the gateway wrote to the socket within p50 ${gatewayWriteMs.p50} ms, p99 ${gatewayWriteMs.p99} ms of the record`),
  );
  await waitForDeliveries(loadgen, producer.owedDeliveries);
  return {
    load,
    of,
    messagesPerSecond,
    deliveriesPerSecond: run.deliveriesPerSecond,
    summary,
    ...(gatewayWriteMs === undefined ? {} : { gatewayWriteMs }),
    cpuPercent: run.cpuPercent,
    budget: writeBudget(run.deliveriesPerSecond, options.sockets, saturation.baseline),
  };
}
