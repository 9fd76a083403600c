import os from 'node:os';
import type { BenchOptions } from './bench-options.js';
import type { BaselineFigures, GatewayFigures, LatencyPoint, SaturationFigures } from './figures.js';
import { perServerCpuSecond, ratios, targetLatencyPoint, TARGETS } from './results-json.js';

type Row = readonly [
  figure: string,
  gateway: string,
  baseline: string,
  ratio: string,
  target: string,
  verdict: string,
];

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const verdict = (pass: boolean): string => (pass ? 'PASS' : 'MISS');
const byRound = (sat: SaturationFigures): string =>
  sat.rounds.map((rate, i) => `${int(rate)} (${sat.othersPercent[i] ?? 0}%)`).join(', ');
/** Above this (percent of a core), other tenants visibly shaped the figures. */
const SHARED_MACHINE_PERCENT = 25;
const percentages = (c: Readonly<Record<string, number>>): string =>
  Object.entries(c)
    .map(([k, v]) => `${k} ${v}%`)
    .join(', ');

function rows(options: BenchOptions, gateway: GatewayFigures, baseline: BaselineFigures): Row[] {
  const r = ratios(gateway, baseline);
  const gwPerCpu = perServerCpuSecond(
    gateway.saturation.deliveriesPerSecond,
    gateway.saturation.cpuPercent['gateway'],
  );
  const blPerCpu = perServerCpuSecond(
    baseline.saturation.deliveriesPerSecond,
    baseline.saturation.cpuPercent['baseline'],
  );
  const closes = gateway.end.metrics.slowConsumerCloses;
  const target = targetLatencyPoint(gateway);
  return [
    ['figure', 'gateway', 'baseline', 'ratio', 'target', ''],
    [
      'idle memory per connection (RSS)',
      kib(gateway.idle.bytesPerConnection),
      kib(baseline.idle.bytesPerConnection),
      r.bytesPerConnection.toFixed(2),
      `<= ${kib(TARGETS.bytesPerIdleConnectionMax)}`,
      verdict(gateway.idle.bytesPerConnection <= TARGETS.bytesPerIdleConnectionMax),
    ],
    [
      'idle memory per connection after full GC',
      kib(gateway.idle.liveBytesPerConnection),
      kib(baseline.idle.liveBytesPerConnection),
      (gateway.idle.liveBytesPerConnection / baseline.idle.liveBytesPerConnection).toFixed(2),
      `<= ${kib(TARGETS.bytesPerIdleConnectionMax)}`,
      verdict(gateway.idle.liveBytesPerConnection <= TARGETS.bytesPerIdleConnectionMax),
    ],
    [
      '  of which live JS heap',
      kib(gateway.idle.heapBytesPerConnection),
      kib(baseline.idle.heapBytesPerConnection),
      '',
      '(info)',
      '',
    ],
    [
      `time to connect+subscribe ${options.sockets}`,
      `${gateway.idle.connectSeconds.toFixed(1)} s`,
      `${baseline.idle.connectSeconds.toFixed(1)} s`,
      '',
      '(info)',
      '',
    ],
    [
      'deliveries/s at saturation',
      int(gateway.saturation.deliveriesPerSecond),
      int(baseline.saturation.deliveriesPerSecond),
      r.deliveries.toFixed(2),
      `>= ${TARGETS.gatewayToBaselineDeliveriesMin}`,
      verdict(r.deliveries >= TARGETS.gatewayToBaselineDeliveriesMin),
    ],
    [
      'deliveries per server CPU-second',
      int(gwPerCpu),
      int(blPerCpu),
      r.perServerCpuSecond.toFixed(2),
      '(info)',
      '',
    ],
    [
      `  baseline with ${baseline.coalesced.burst} frames a socket in a row`,
      '',
      int(baseline.coalesced.deliveriesPerSecond),
      r.coalescedDeliveries.toFixed(2),
      '(info)',
      '',
    ],
    ['messages/s consumed at saturation', int(gateway.saturation.messagesPerSecond), '-', '', '(info)', ''],
    [
      'frame size',
      `${int(gateway.saturation.frameBytes)} B`,
      `${int(baseline.saturation.frameBytes)} B`,
      '',
      'equal',
      '',
    ],
    ...gateway.latency.flatMap((p): Row[] => latencyRows(p, p === target)),
    [
      `ingest: messages per gateway CPU-s (${int(gateway.ingest.messagesPerSecond)}/s at ${gateway.ingest.cpuPercent['gateway'] ?? '?'}%)`,
      int(gateway.ingest.perGatewayCpuSecond),
      '-',
      '',
      '(info)',
      '',
    ],
    [
      'slow-consumer closes (4001)',
      String(closes),
      '-',
      '',
      `<= ${TARGETS.slowConsumerClosesMax}`,
      verdict(closes <= TARGETS.slowConsumerClosesMax),
    ],
    [
      'deliveries owed but not received',
      int(gateway.end.undelivered),
      '-',
      '',
      `<= ${TARGETS.undeliveredMax}`,
      verdict(gateway.end.undelivered <= TARGETS.undeliveredMax),
    ],
  ];
}

const latencyLabel = (p: LatencyPoint): string =>
  `${p.load} x ${p.of === 'gateway' ? 'gateway' : 'baseline (1 frame a write)'} sat.`;

/** A latency run: its figures, the gateway's own view, and what the rate asks of the writes. */
function latencyRows(p: LatencyPoint, isTarget: boolean): Row[] {
  const budget = p.budget;
  return [
    [
      `latency p50/p99/max at ${latencyLabel(p)} (${int(p.deliveriesPerSecond)}/s)`,
      `${p.summary.p50}/${p.summary.p99}/${p.summary.max} ms`,
      '-',
      '',
      isTarget ? `p99 < ${TARGETS.latencyP99MaxMs} ms` : '(info)',
      isTarget ? verdict(p.summary.p99 < TARGETS.latencyP99MaxMs) : '',
    ],
    ...(p.gatewayWriteMs === undefined
      ? []
      : [
          [
            '  of which record to socket write, p50/p99 (bucket bounds)',
            `<= ${p.gatewayWriteMs.p50}/${p.gatewayWriteMs.p99} ms`,
            '-',
            '',
            '(info)',
            '',
          ] as const,
        ]),
    [
      '  frames a socket gets per s; rate / baseline 1-frame-a-write sat.',
      `${budget.framesPerSocketPerSecond.toFixed(1)}; ${budget.overUnmergedCapacity.toFixed(2)}`,
      '-',
      '',
      '(info)',
      '',
    ],
  ];
}

/** Why the target's rate can or cannot be met one frame per write on this machine. */
function budgetLine(p: LatencyPoint, baseline: BaselineFigures): string {
  const budget = p.budget;
  const capacity = int(baseline.saturation.deliveriesPerSecond);
  const head =
    `the latency target's rate (${int(p.deliveriesPerSecond)} deliveries/s, a frame every ` +
    `${budget.msBetweenFramesOfASocket.toFixed(0)} ms to each socket) is ${budget.overUnmergedCapacity.toFixed(2)} x ` +
    `what the bare ws baseline delivered here writing one frame per call (${capacity}/s)`;
  return budget.overUnmergedCapacity > 1
    ? `${head}: no server on this machine delivers it one frame per write; frames must share writes, ` +
        `and a frame shares its socket's write only with a later frame to the same socket.`
    : `${head}: within what one write per frame delivers here.`;
}

function table(all: readonly Row[]): string[] {
  const widths = [0, 1, 2, 3, 4, 5].map((col) => Math.max(...all.map((r) => r[col]?.length ?? 0)));
  return all.map((r) =>
    r
      .map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** The side-by-side table and the context needed to read it, printed at the end of a run. */
export function renderReport(
  options: BenchOptions,
  gateway: GatewayFigures,
  baseline: BaselineFigures,
): string {
  const log = gateway.end.log;
  const clients = gateway.end.clients;
  const metrics = gateway.end.metrics;
  const target = targetLatencyPoint(gateway);
  const cpuLines: [string, Readonly<Record<string, number>>][] = [
    ['gateway saturation', gateway.saturation.cpuPercent],
    ...gateway.latency.map((p): [string, Readonly<Record<string, number>>] => [
      `gateway latency at ${latencyLabel(p)}`,
      p.cpuPercent,
    ]),
    ['gateway ingest', gateway.ingest.cpuPercent],
    ['baseline saturation', baseline.saturation.cpuPercent],
    [`baseline, ${baseline.coalesced.burst} in a row`, baseline.coalesced.cpuPercent],
  ];
  const width = Math.max(...cpuLines.map(([label]) => label.length));
  const busiestOthers = Math.max(...cpuLines.map(([, cpu]) => cpu['others'] ?? 0));
  return [
    '',
    `${options.sockets} sockets, ${options.rooms} rooms (${options.sockets / options.rooms} sockets a room), ` +
      `${os.availableParallelism()} cores, node ${process.version}, producer acks ${options.acks}`,
    ...table(rows(options, gateway, baseline)),
    ...(target === undefined ? [] : [budgetLine(target, baseline)]),
    '',
    `saturation figures are the best of ${options.rounds} interleaved rounds of ${options.saturationSeconds} s ` +
      '(other tenants only ever take CPU away); by round, deliveries/s (others % of a core):',
    ...(
      [
        ['gateway', gateway.saturation],
        ['baseline', baseline.saturation],
        [`baseline, ${baseline.coalesced.burst} in a row`, baseline.coalesced],
      ] as const
    ).map(([label, sat]) => `  ${label.padEnd(width)}  ${byRound(sat)}`),
    'CPU, percent of one core, in the best round (machine = all busy time of the 2 cores; others = machine minus the processes listed):',
    ...cpuLines.map(([label, cpu]) => `  ${label.padEnd(width)}  ${percentages(cpu)}`),
    ...(busiestOthers > SHARED_MACHINE_PERCENT
      ? [
          `NOTE: processes outside the benchmark used up to ${busiestOthers}% of a core during the measurements: ` +
            'the machine was shared, so absolute rates are low and noisy; the ratios come from interleaved rounds.',
        ]
      : []),
    `presence pushes the clients received while ${options.sockets} sockets subscribed: ${int(gateway.presenceWhileSubscribing.frames)}` +
      ` (${int(gateway.presenceWhileSubscribing.left)} of them saying users "left", though no socket had closed)`,
    `client closes after subscribing: gateway ${JSON.stringify(clients.closes)}, baseline ${JSON.stringify(baseline.clientCloses)}`,
    `gateway /metrics at the end: ${int(metrics.consumed)} consumed, ${int(metrics.deliveries)} deliveries, ` +
      `${metrics.connectionsAtEnd} connections`,
    `gateway log: ${log.warn} warn, ${log.error} error lines${Object.keys(log.messages).length > 0 ? ` ${JSON.stringify(log.messages)}` : ''}`,
    ...log.other.map((line) => `  not JSON: ${line}`),
    ...(clients.otherFrames > 0
      ? [
          `unexpected frames from the gateway: ${clients.otherFrames}, e.g. ${clients.otherSamples.join(' | ')}`,
        ]
      : []),
    '',
  ].join('\n');
}
