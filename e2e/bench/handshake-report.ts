import os from 'node:os';
import type { HandshakeFigures } from './handshake-bench.js';
import type { ResultEntry } from './results-json.js';

const round = (n: number, digits = 0): number => Number(n.toFixed(digits));

/** The sidecar path over the in-process baseline: what the loopback hop leaves of the throughput. */
export function handshakeRatio(figures: HandshakeFigures): number {
  return figures.sidecar.best.handshakesPerSecond / figures.inProcess.best.handshakesPerSecond;
}

export function renderHandshakeReport(figures: HandshakeFigures): string {
  const { sidecar, inProcess } = figures;
  const row = (name: string, a: string, b: string, ratio = ''): string =>
    `| ${name} | ${a} | ${b} | ${ratio} |`;
  return [
    '',
    `Handshakes (ES256, ${figures.handshakes} per window, ${figures.concurrency} in flight, best of ${sidecar.rounds.length} rounds)`,
    '',
    '| figure | gateway + sidecar | gateway, in-process verifier | ratio |',
    '|---|---|---|---|',
    row(
      'handshakes/s',
      String(Math.round(sidecar.best.handshakesPerSecond)),
      String(Math.round(inProcess.best.handshakesPerSecond)),
      handshakeRatio(figures).toFixed(2),
    ),
    row('every round', sidecar.rounds.join(', '), inProcess.rounds.join(', ')),
    row(
      'handshake p50 / p99',
      `${sidecar.best.p50Ms.toFixed(1)} / ${sidecar.best.p99Ms.toFixed(1)} ms`,
      `${inProcess.best.p50Ms.toFixed(1)} / ${inProcess.best.p99Ms.toFixed(1)} ms`,
    ),
    row(
      'server CPU per handshake',
      `${sidecar.best.cpuMsPerHandshake.toFixed(2)} ms`,
      `${inProcess.best.cpuMsPerHandshake.toFixed(2)} ms`,
      (sidecar.best.cpuMsPerHandshake / inProcess.best.cpuMsPerHandshake).toFixed(2),
    ),
    row('failed handshakes', String(sidecar.best.failed), String(inProcess.best.failed)),
    ...(sidecar.best.errors.length + inProcess.best.errors.length > 0
      ? ['', `errors: ${[...sidecar.best.errors, ...inProcess.best.errors].join('; ')}`]
      : []),
    '',
  ].join('\n');
}

export function handshakeResultEntries(figures: HandshakeFigures): ResultEntry[] {
  const machine = { cores: os.availableParallelism(), node: process.version, date: new Date().toISOString() };
  const { sidecar, inProcess } = figures;
  return [
    {
      name: 'auth.handshakes',
      figures: {
        handshakesPerWindow: figures.handshakes,
        concurrency: figures.concurrency,
        sidecarHandshakesPerSecond: round(sidecar.best.handshakesPerSecond),
        inProcessHandshakesPerSecond: round(inProcess.best.handshakesPerSecond),
        sidecarRounds: sidecar.rounds,
        inProcessRounds: inProcess.rounds,
        sidecarP50Ms: round(sidecar.best.p50Ms, 1),
        sidecarP99Ms: round(sidecar.best.p99Ms, 1),
        inProcessP50Ms: round(inProcess.best.p50Ms, 1),
        inProcessP99Ms: round(inProcess.best.p99Ms, 1),
        sidecarCpuMsPerHandshake: round(sidecar.best.cpuMsPerHandshake, 3),
        inProcessCpuMsPerHandshake: round(inProcess.best.cpuMsPerHandshake, 3),
        failed: sidecar.best.failed + inProcess.best.failed,
      },
      ratios: {
        sidecarToInProcessHandshakes: round(handshakeRatio(figures), 2),
        sidecarToInProcessCpuPerHandshake: round(
          sidecar.best.cpuMsPerHandshake / inProcess.best.cpuMsPerHandshake,
          2,
        ),
      },
      targets: {},
      machine,
    },
  ];
}
