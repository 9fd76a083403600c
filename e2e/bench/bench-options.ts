import path from 'node:path';
import { repoRoot } from '@cmf/test-harness';

export interface BenchOptions {
  readonly sockets: number;
  readonly rooms: number;
  /** Measured length of each saturation window (gateway, baseline), after its warm-up. */
  readonly saturationSeconds: number;
  /** Interleaved rounds of saturation windows; figures are the best round. */
  readonly rounds: number;
  readonly latencySeconds: number;
  readonly warmupSeconds: number;
  /** Characters of `content` in each ChatMessage: sets the frame size. */
  readonly contentBytes: number;
  /**
   * CMF_OUTBOUND_HIGH_WATER_BYTES for the gateway. Above its 1 MiB default so a client starved of
   * CPU by another tenant for a moment is not closed: closes would be measured, not throughput.
   */
  readonly highWaterBytes: number;
  /** Producer acks: 1 (leader) or -1 (all in-sync replicas; the same on one broker). */
  readonly acks: number;
  /** Fraction of the saturation delivery rate the latency run produces at. */
  readonly latencyLoad: number;
  /**
   * A latency run at this fraction of the baseline's saturation with one frame per write (0:
   * none): a rate this machine can deliver without frames sharing a write.
   */
  readonly unmergedLoad: number;
  /** A second, lighter latency run (0: none): latency when the machine is not the bottleneck. */
  readonly lightLoad: number;
  /** Handshakes per measured window of the handshake benchmark. */
  readonly handshakes: number;
  /** Handshakes in flight at once in the handshake benchmark. */
  readonly handshakeConcurrency: number;
  /** ChatGateways created at once in the operator benchmark. */
  readonly operatorGateways: number;
  /** Seconds of the operator benchmark's quiet window (API requests at steady state). */
  readonly operatorQuietSeconds: number;
  /** Which benchmarks run, in this order. */
  readonly suites: readonly BenchSuite[];
  readonly results: string;
}

export const BENCH_SUITES = ['gateway', 'handshake', 'operator'] as const;
export type BenchSuite = (typeof BENCH_SUITES)[number];

interface Spec {
  readonly key: Exclude<keyof BenchOptions, 'results' | 'suites'>;
  readonly doc: string;
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

const specs: Readonly<Record<string, Spec>> = {
  '--sockets': { key: 'sockets', doc: 'client WebSocket connections', min: 1, max: 50_000, default: 5000 },
  '--rooms': { key: 'rooms', doc: 'rooms, sockets subscribe round-robin', min: 1, max: 10_000, default: 100 },
  '--saturation-seconds': {
    key: 'saturationSeconds',
    doc: 'measured seconds of each saturation window (after its warm-up)',
    min: 1,
    max: 600,
    default: 5,
  },
  '--rounds': {
    key: 'rounds',
    doc: 'interleaved rounds of gateway and baseline windows (best reported)',
    min: 1,
    max: 20,
    default: 3,
  },
  '--latency-seconds': {
    key: 'latencySeconds',
    doc: 'measured seconds of each fixed-rate run (after its warm-up)',
    min: 1,
    max: 600,
    default: 12,
  },
  '--warmup-seconds': {
    key: 'warmupSeconds',
    doc: 'seconds at the start of each run left out of its figures',
    min: 0,
    max: 60,
    default: 2,
  },
  '--content-bytes': {
    key: 'contentBytes',
    doc: 'characters of message content',
    min: 0,
    max: 60_000,
    default: 100,
  },
  '--high-water-bytes': {
    key: 'highWaterBytes',
    doc: 'gateway outbound high-water mark per socket',
    min: 16 * 1024,
    max: 256 * 1024 * 1024,
    default: 4 * 1024 * 1024,
  },
  '--acks': { key: 'acks', doc: 'producer acks: 1 or -1', min: -1, max: 1, default: 1 },
  '--latency-load': {
    key: 'latencyLoad',
    doc: 'fixed rate as a fraction of the saturation rate',
    min: 0.01,
    max: 1,
    default: 0.5,
  },
  '--handshakes': {
    key: 'handshakes',
    doc: 'handshakes per measured window of the handshake benchmark',
    min: 10,
    max: 1_000_000,
    default: 3000,
  },
  '--handshake-concurrency': {
    key: 'handshakeConcurrency',
    doc: 'handshakes in flight at once',
    min: 1,
    max: 1000,
    default: 16,
  },
  '--operator-gateways': {
    key: 'operatorGateways',
    doc: 'ChatGateways created at once in the operator benchmark',
    min: 1,
    max: 2000,
    default: 200,
  },
  '--operator-quiet-seconds': {
    key: 'operatorQuietSeconds',
    doc: 'seconds of the quiet window counting API requests',
    min: 5,
    max: 3600,
    default: 60,
  },
  '--unmerged-load': {
    key: 'unmergedLoad',
    doc: "a fixed-rate run at this fraction of the baseline's one-frame-per-write saturation (0: skip it)",
    min: 0,
    max: 1,
    default: 0.5,
  },
  '--light-load': {
    key: 'lightLoad',
    doc: 'a second fixed-rate run at this fraction (0: skip it)',
    min: 0,
    max: 1,
    default: 0.1,
  },
};

export function usage(): string {
  const lines = Object.entries(specs).map(
    ([flag, s]) => `  ${flag.padEnd(22)} ${s.doc} (default ${s.default})`,
  );
  return [
    'usage: e2e/bench/run.sh [options]   (`make bench` runs it)',
    '',
    ...lines,
    `  ${'--results'.padEnd(22)} where to write the JSON figures (default e2e/bench/results.json)`,
    `  ${'--suites'.padEnd(22)} comma-separated benchmarks to run (default ${BENCH_SUITES.join(',')})`,
    '',
  ].join('\n');
}

/** Parses `--flag value` / `--flag=value`; throws with the usage on anything else. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const values: Record<string, number> = {};
  for (const s of Object.values(specs)) values[s.key] = s.default;
  let results = path.join(repoRoot, 'e2e', 'bench', 'results.json');
  let suites: readonly BenchSuite[] = BENCH_SUITES;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag = '', inline] = arg.split('=', 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value\n${usage()}`);
    if (flag === '--results') {
      results = path.resolve(value);
      continue;
    }
    if (flag === '--suites') {
      suites = parseSuites(value);
      continue;
    }
    const spec = specs[flag];
    if (spec === undefined) throw new Error(`unknown option ${flag}\n${usage()}`);
    const n = Number(value);
    if (!Number.isFinite(n) || n < spec.min || n > spec.max) {
      throw new Error(`${flag} must be a number from ${spec.min} to ${spec.max}, got ${value}`);
    }
    values[spec.key] = n;
  }
  if (values['acks'] !== 1 && values['acks'] !== -1) throw new Error('--acks must be 1 or -1');
  const get = (key: Spec['key']): number => values[key] ?? 0;
  return {
    sockets: Math.floor(get('sockets')),
    rooms: Math.floor(get('rooms')),
    saturationSeconds: get('saturationSeconds'),
    rounds: Math.floor(get('rounds')),
    latencySeconds: get('latencySeconds'),
    warmupSeconds: get('warmupSeconds'),
    contentBytes: Math.floor(get('contentBytes')),
    highWaterBytes: Math.floor(get('highWaterBytes')),
    acks: get('acks'),
    latencyLoad: get('latencyLoad'),
    unmergedLoad: get('unmergedLoad'),
    lightLoad: get('lightLoad'),
    handshakes: Math.floor(get('handshakes')),
    handshakeConcurrency: Math.floor(get('handshakeConcurrency')),
    operatorGateways: Math.floor(get('operatorGateways')),
    operatorQuietSeconds: Math.floor(get('operatorQuietSeconds')),
    suites,
    results,
  };
}

function isSuite(name: string): name is BenchSuite {
  return (BENCH_SUITES as readonly string[]).includes(name);
}

function parseSuites(value: string): BenchSuite[] {
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !isSuite(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`--suites takes a comma-separated list of ${BENCH_SUITES.join(', ')}; got ${value}`);
  }
  return names.filter(isSuite);
}
