import type { ClientSnapshot } from './client-stats.js';
import type { LogSummary } from './gateway-log.js';
import type { LiveMemory } from './inspector-probe.js';
import type { LatencySummary } from './latency-histogram.js';
import type { WriteBudget } from './write-budget.js';

/** Idle memory of the server process for N subscribed, silent sockets. */
export interface IdleMemory {
  /** RSS as a pod's memory limit sees it, before connecting and a few seconds after. */
  readonly rssBeforeBytes: number;
  readonly rssIdleBytes: number;
  readonly bytesPerConnection: number;
  /** The same after a forced full GC each time: what the connections really keep. */
  readonly liveBefore: LiveMemory;
  readonly liveIdle: LiveMemory;
  readonly liveBytesPerConnection: number;
  readonly heapBytesPerConnection: number;
  readonly connectSeconds: number;
}

/** Saturation over the interleaved rounds. */
export interface SaturationFigures {
  /** The best round's rate (see saturation-summary.ts for why the best). */
  readonly deliveriesPerSecond: number;
  readonly median: number;
  /** Deliveries/s of each round, in order, and how much of a core other tenants took meanwhile. */
  readonly rounds: readonly number[];
  readonly othersPercent: readonly number[];
  readonly frameBytes: number;
  /** Percent of one core per process in the best round. */
  readonly cpuPercent: Readonly<Record<string, number>>;
}

/** The saturation rate a latency run's rate is a fraction of. */
export type LatencyReference = 'gateway' | 'baseline';

/** Saturation delivery rates of one run: the gateway's, and the baseline's at one frame per write. */
export type SaturationRates = Readonly<Record<LatencyReference, number>>;

/** Produce-to-receive latency at one fixed rate. */
export interface LatencyPoint {
  /** The rate as a fraction of `of`'s saturation delivery rate. */
  readonly load: number;
  /**
   * Whose saturation: the gateway's (the target's reference), or the baseline's with one frame
   * per write (what this machine delivers at all without frames sharing a write).
   */
  readonly of: LatencyReference;
  readonly messagesPerSecond: number;
  readonly deliveriesPerSecond: number;
  readonly summary: LatencySummary;
  /**
   * The gateway's own view over the same window (its delivery latency histogram: Kafka record
   * timestamp to the socket write call), as bucket upper bounds in ms: how much of the clients'
   * latency was spent before the frame was handed to the kernel.
   */
  readonly gatewayWriteMs?: { readonly p50: number; readonly p99: number };
  readonly cpuPercent: Readonly<Record<string, number>>;
  /** What the delivered rate asks of the write path, against the baseline's one-frame-per-write saturation. */
  readonly budget: WriteBudget;
}

/** The gateway consuming messages for rooms nobody subscribed to: the per-message cost alone. */
export interface IngestFigures {
  readonly messagesPerSecond: number;
  /** The rate over the share of a core the gateway used: what one core of ingest takes. */
  readonly perGatewayCpuSecond: number;
  readonly cpuPercent: Readonly<Record<string, number>>;
}

/** What the gateway itself and its clients said once the runs were over. */
export interface GatewayEnd {
  readonly metrics: {
    readonly slowConsumerCloses: number;
    readonly deliveries: number;
    readonly consumed: number;
    readonly connectionsAtEnd: number;
  };
  /** Deliveries the produced messages owed the clients and did not reach them. */
  readonly undelivered: number;
  readonly clients: ClientSnapshot;
  readonly log: LogSummary;
}

export interface PresenceCount {
  readonly frames: number;
  /** Frames naming users who `left`, although no socket had closed. */
  readonly left: number;
}

export interface GatewayFigures {
  readonly idle: IdleMemory;
  /** `presence` pushes the clients had received once every socket was subscribed. */
  readonly presenceWhileSubscribing: PresenceCount;
  readonly saturation: SaturationFigures & { readonly messagesPerSecond: number };
  /** The requested load first, then the light load (when enabled). */
  readonly latency: readonly LatencyPoint[];
  readonly ingest: IngestFigures;
  readonly end: GatewayEnd;
}

export interface BaselineFigures {
  readonly idle: IdleMemory;
  /** Frames to each socket in a row like the gateway (1): the target ratio is taken against it. */
  readonly saturation: SaturationFigures & { readonly burst: number; readonly skipped: number };
  /** Writes coalesced per socket: what the same machine does with a better write pattern. */
  readonly coalesced: SaturationFigures & { readonly burst: number; readonly skipped: number };
  readonly clientCloses: Readonly<Record<string, number>>;
}
