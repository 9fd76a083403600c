import os from 'node:os';
import type { LiveMemory } from './inspector-probe.js';
import type { OperatorFigures } from './operator-bench.js';
import type { ResultEntry } from './results-json.js';

const round = (n: number, digits = 0): number => Number(n.toFixed(digits));
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export function renderOperatorReport(figures: OperatorFigures): string {
  const { single, burst, rss, steady, live, sockets } = figures;
  const gateways = single.count + burst.count;
  const perGateway = (read: (memory: LiveMemory) => number): string =>
    `${((read(live.steady) - read(live.warm)) / 1024 / burst.count).toFixed(1)} KiB`;
  const counts = `0 / ${single.count} / ${gateways}`;
  const three = (read: (memory: LiveMemory) => number): string =>
    [live.idle, live.warm, live.steady].map((memory) => mib(read(memory))).join(' / ');
  const requests = Object.entries(steady.requests)
    .sort(([, a], [, b]) => b - a)
    .map(([key, count]) => `${key} ${count}`)
    .join(', ');
  return [
    '',
    `cmf-operator: creation to reconciled (observedGeneration current, TopicsReady True, every owned object applied;`,
    `not Ready: no kubelet runs pods), ${figures.maxConcurrentReconciles} concurrent reconciles`,
    '',
    '| figure | value |',
    '|---|---|',
    `| one ChatGateway, p50 of ${single.count} (each) | ${single.p50Ms.toFixed(0)} ms (${single.runsMs.map((ms) => ms.toFixed(0)).join(', ')}) |`,
    `| ${burst.count} at once, p50 / p99 / max | ${burst.p50Ms.toFixed(0)} / ${burst.p99Ms.toFixed(0)} / ${burst.maxMs.toFixed(0)} ms |`,
    `| ${burst.count} at once, all reconciled after | ${burst.allReconciledSeconds.toFixed(1)} s (creates sent in ${burst.createSeconds.toFixed(1)} s) |`,
    `| Deployments applied for the burst | ${burst.deployments} of ${burst.count} |`,
    `| operator RSS idle / after the burst | ${mib(rss.idleBytes)} / ${mib(rss.afterBurstBytes)} |`,
    `| after a full GC, with ${counts} ChatGateways: RSS | ${three((m) => m.rss)} (${perGateway((m) => m.rss)} a ChatGateway of the burst) |`,
    `| after a full GC, with ${counts}: JS heap used | ${three((m) => m.heapUsed)} (${perGateway((m) => m.heapUsed)} a ChatGateway of the burst) |`,
    `| after a full GC, with ${counts}: external (of it ArrayBuffers) | ${three((m) => m.external)} (${three((m) => m.arrayBuffers)}) |`,
    `| sockets idle / with ${gateways} | ${sockets.idle} / ${sockets.steady} |`,
    `| API requests/s, quiet ${steady.seconds} s with ${single.count + burst.count} ChatGateways | ${steady.requestsPerSecond.toFixed(2)} (${requests || 'none'}) |`,
    `| reconciles in that quiet window | ${steady.reconciles} (after ${steady.settleSeconds.toFixed(0)} s of settling${steady.settled ? '' : ', never quiet'}) |`,
    '',
  ].join('\n');
}

export function operatorResultEntries(figures: OperatorFigures): ResultEntry[] {
  const machine = { cores: os.availableParallelism(), node: process.version, date: new Date().toISOString() };
  const { single, burst, rss, steady } = figures;
  return [
    {
      name: 'operator.reconcile-latency',
      figures: {
        measuredTo: 'reconciled',
        maxConcurrentReconciles: figures.maxConcurrentReconciles,
        singleRuns: single.count,
        singleP50Ms: round(single.p50Ms),
        singleRunsMs: single.runsMs.map((ms) => round(ms)),
        burstGateways: burst.count,
        burstP50Ms: round(burst.p50Ms),
        burstP99Ms: round(burst.p99Ms),
        burstMaxMs: round(burst.maxMs),
        burstAllReconciledSeconds: round(burst.allReconciledSeconds, 1),
        burstCreateSeconds: round(burst.createSeconds, 1),
        burstDeployments: burst.deployments,
      },
      ratios: {},
      targets: {},
      machine,
    },
    {
      name: 'operator.steady-state',
      figures: {
        gateways: single.count + burst.count,
        rssIdleBytes: rss.idleBytes,
        rssAfterBurstBytes: rss.afterBurstBytes,
        liveIdle: { ...figures.live.idle },
        liveWarm: { ...figures.live.warm },
        liveSteady: { ...figures.live.steady },
        socketsIdle: figures.sockets.idle,
        socketsSteady: figures.sockets.steady,
        quietSeconds: steady.seconds,
        apiRequestsPerSecond: round(steady.requestsPerSecond, 2),
        apiRequests: steady.requests,
        reconcilesInQuietWindow: steady.reconciles,
        settleSeconds: round(steady.settleSeconds),
        settled: steady.settled,
      },
      ratios: {},
      targets: {},
      machine,
    },
  ];
}
