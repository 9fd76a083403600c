import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import type { BenchOptions } from './bench-options.js';
import type { BaselineFigures, GatewayFigures, LatencyPoint } from './figures.js';

/** Targets from the data-plane issue. Informational: a MISS does not fail the run. */
export const TARGETS = {
  bytesPerIdleConnectionMax: 16 * 1024,
  gatewayToBaselineDeliveriesMin: 0.8,
  slowConsumerClosesMax: 0,
  undeliveredMax: 0,
  /** p99 of produce-to-receive at `latencyTargetLoad` x the gateway's saturation rate. */
  latencyP99MaxMs: 50,
  latencyTargetLoad: 0.5,
} as const;

/** The latency run the p99 target is about, if the run had one. */
export function targetLatencyPoint(gateway: GatewayFigures): LatencyPoint | undefined {
  return gateway.latency.find((p) => p.of === 'gateway' && p.load === TARGETS.latencyTargetLoad);
}

export interface ResultEntry {
  readonly name: string;
  readonly figures: Readonly<Record<string, unknown>>;
  readonly ratios: Readonly<Record<string, number>>;
  readonly targets: Readonly<Record<string, number>>;
  readonly machine: { readonly cores: number; readonly node: string; readonly date: string };
}

const round = (n: number, digits = 0): number => Number(n.toFixed(digits));

/** Deliveries per second of the server's own CPU: less sensitive to what else runs on the box. */
export function perServerCpuSecond(
  deliveriesPerSecond: number,
  serverCpuPercent: number | undefined,
): number {
  return deliveriesPerSecond / ((serverCpuPercent ?? 100) / 100);
}

/** The gateway's figures over the baseline's (the target ratio is `deliveries`). */
export function ratios(gateway: GatewayFigures, baseline: BaselineFigures) {
  return {
    deliveries: gateway.saturation.deliveriesPerSecond / baseline.saturation.deliveriesPerSecond,
    perServerCpuSecond:
      perServerCpuSecond(gateway.saturation.deliveriesPerSecond, gateway.saturation.cpuPercent['gateway']) /
      perServerCpuSecond(baseline.saturation.deliveriesPerSecond, baseline.saturation.cpuPercent['baseline']),
    coalescedDeliveries: gateway.saturation.deliveriesPerSecond / baseline.coalesced.deliveriesPerSecond,
    bytesPerConnection: gateway.idle.bytesPerConnection / baseline.idle.bytesPerConnection,
    liveBytesPerConnection: gateway.idle.liveBytesPerConnection / baseline.idle.liveBytesPerConnection,
  };
}

/** The benchmarks of one run, in the shape results.json keeps. */
export function resultEntries(
  options: BenchOptions,
  gateway: GatewayFigures,
  baseline: BaselineFigures,
): ResultEntry[] {
  const machine = { cores: os.availableParallelism(), node: process.version, date: new Date().toISOString() };
  const load = {
    sockets: options.sockets,
    rooms: options.rooms,
    socketsPerRoom: options.sockets / options.rooms,
  };
  const r = ratios(gateway, baseline);
  return [
    {
      name: 'gateway.idle-memory',
      figures: {
        ...load,
        gatewayRssBeforeBytes: gateway.idle.rssBeforeBytes,
        gatewayRssIdleBytes: gateway.idle.rssIdleBytes,
        gatewayBytesPerIdleConnection: round(gateway.idle.bytesPerConnection),
        baselineBytesPerIdleConnection: round(baseline.idle.bytesPerConnection),
        gatewayLiveBytesPerIdleConnection: round(gateway.idle.liveBytesPerConnection),
        baselineLiveBytesPerIdleConnection: round(baseline.idle.liveBytesPerConnection),
        gatewayHeapBytesPerIdleConnection: round(gateway.idle.heapBytesPerConnection),
        baselineHeapBytesPerIdleConnection: round(baseline.idle.heapBytesPerConnection),
        gatewayConnectSeconds: round(gateway.idle.connectSeconds, 1),
        baselineConnectSeconds: round(baseline.idle.connectSeconds, 1),
        presenceFramesWhileSubscribing: gateway.presenceWhileSubscribing.frames,
        presenceLeftFramesWhileSubscribing: gateway.presenceWhileSubscribing.left,
      },
      ratios: {
        gatewayToBaselineBytesPerConnection: round(r.bytesPerConnection, 2),
        gatewayToBaselineLiveBytesPerConnection: round(r.liveBytesPerConnection, 2),
      },
      // The target applies to both RSS figures; the live one is what connections really keep.
      targets: { bytesPerIdleConnectionMax: TARGETS.bytesPerIdleConnectionMax },
      machine,
    },
    {
      name: 'gateway.fan-out-throughput',
      figures: {
        ...load,
        frameBytes: round(gateway.saturation.frameBytes),
        gatewayDeliveriesPerSecond: round(gateway.saturation.deliveriesPerSecond),
        gatewayMessagesPerSecond: round(gateway.saturation.messagesPerSecond),
        rounds: options.rounds,
        windowSeconds: options.saturationSeconds,
        // The figures above are the best round; here every round, its median, and the share of a
        // core other tenants of the machine took during it.
        gatewayRounds: gateway.saturation.rounds,
        gatewayMedian: round(gateway.saturation.median),
        gatewayRoundsOthersPercent: gateway.saturation.othersPercent,
        baselineRounds: baseline.saturation.rounds,
        baselineMedian: round(baseline.saturation.median),
        baselineRoundsOthersPercent: baseline.saturation.othersPercent,
        coalescedBaselineRounds: baseline.coalesced.rounds,
        coalescedBaselineRoundsOthersPercent: baseline.coalesced.othersPercent,
        baselineDeliveriesPerSecond: round(baseline.saturation.deliveriesPerSecond),
        coalescedBaselineDeliveriesPerSecond: round(baseline.coalesced.deliveriesPerSecond),
        coalescedBaselineBurst: baseline.coalesced.burst,
        gatewayCpuPercent: gateway.saturation.cpuPercent,
        baselineCpuPercent: baseline.saturation.cpuPercent,
        coalescedBaselineCpuPercent: baseline.coalesced.cpuPercent,
        slowConsumerCloses: gateway.end.metrics.slowConsumerCloses,
        undeliveredAtEnd: gateway.end.undelivered,
        clientCloses: gateway.end.clients.closes,
        gatewayLogWarnings: gateway.end.log.warn,
        gatewayLogErrors: gateway.end.log.error,
      },
      ratios: {
        gatewayToBaselineDeliveries: round(r.deliveries, 2),
        gatewayToBaselinePerServerCpuSecond: round(r.perServerCpuSecond, 2),
        gatewayToCoalescedBaselineDeliveries: round(r.coalescedDeliveries, 2),
      },
      targets: {
        gatewayToBaselineDeliveriesMin: TARGETS.gatewayToBaselineDeliveriesMin,
        slowConsumerClosesMax: TARGETS.slowConsumerClosesMax,
        undeliveredMax: TARGETS.undeliveredMax,
      },
      machine,
    },
    {
      name: 'gateway.ingest',
      figures: {
        rooms: options.rooms,
        subscribers: 0,
        messagesPerSecond: round(gateway.ingest.messagesPerSecond),
        messagesPerGatewayCpuSecond: round(gateway.ingest.perGatewayCpuSecond),
        cpuPercent: gateway.ingest.cpuPercent,
      },
      ratios: {},
      targets: {},
      machine,
    },
    {
      name: 'gateway.latency',
      figures: {
        ...load,
        acks: options.acks,
        points: gateway.latency.map((p) => ({
          load: p.load,
          of: p.of,
          messagesPerSecond: round(p.messagesPerSecond),
          deliveriesPerSecond: round(p.deliveriesPerSecond),
          ...p.summary,
          mean: round(p.summary.mean, 1),
          ...(p.gatewayWriteMs === undefined ? {} : { gatewayWriteMs: p.gatewayWriteMs }),
          cpuPercent: p.cpuPercent,
        })),
      },
      ratios: {
        ...Object.fromEntries(gateway.latency.map((p, i) => [`point${i}LoadOfSaturation`, p.load])),
        ...Object.fromEntries(
          gateway.latency.map((p, i) => [
            `point${i}OverUnmergedCapacity`,
            round(p.budget.overUnmergedCapacity, 2),
          ]),
        ),
      },
      targets: { latencyP99MaxMs: TARGETS.latencyP99MaxMs, latencyTargetLoad: TARGETS.latencyTargetLoad },
      machine,
    },
  ];
}

/**
 * Writes `entries` into results.json, keeping the entries of other benchmarks (`make bench` runs
 * several, one after the other): an entry is replaced by a newer one of the same name.
 */
export async function writeResults(file: string, entries: readonly ResultEntry[]): Promise<void> {
  let kept: ResultEntry[] = [];
  try {
    const previous = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (Array.isArray(previous)) kept = previous as ResultEntry[];
  } catch {
    // No file yet, or one from an interrupted run: start afresh.
  }
  const names = new Set(entries.map((entry) => entry.name));
  const merged = [...kept.filter((entry) => !names.has(entry.name)), ...entries];
  await writeFile(file, JSON.stringify(merged, null, 2) + '\n');
}
