import { readFile } from 'node:fs/promises';
import { GATEWAY_NODE_OPTIONS } from '@cmf/gateway';
import path from 'node:path';
import { freePort, GatewayProcess, KafkaBroker, runDir } from '@cmf/test-harness';
import type { BenchOptions } from './bench-options.js';
import { createGatewayTopics } from './bench-topics.js';
import { ChatProducer } from './chat-producer.js';
import type { CleanupStack } from './cleanup-stack.js';
import { ClientPoller, waitForDeliveries } from './client-poller.js';
import type {
  GatewayEnd,
  IdleMemory,
  IngestFigures,
  LatencyPoint,
  LatencyReference,
  PresenceCount,
  SaturationRates,
} from './figures.js';
import { measureIngest } from './ingest-run.js';
import { summarizeLog } from './gateway-log.js';
import { connectAndMeasureIdle } from './idle-memory.js';
import { checkpoint, track } from './interrupt.js';
import { ChildChannel } from './ipc.js';
import { measureLatencyPoint } from './latency-point.js';
import type { LoadGeneratorApi } from './load-generator-api.js';
import { outstandingFramesPerSocket } from './load-shape.js';
import { measureRun, type RunWindow } from './measure-run.js';
import { CpuWatch } from './proc-stats.js';
import { progress } from './progress.js';
import { sampleValue } from './prometheus-text.js';
import { RoomPlan } from './room-plan.js';

const PREFIX = 'bench';
const PARTITIONS = 6;
const SECRET = 'cmf-bench-secret-of-at-least-32-bytes!!';

async function kafkaPid(broker: KafkaBroker): Promise<number> {
  return Number((await readFile(path.join(runDir, broker.instance, 'kafka', 'kafka.pid'), 'utf8')).trim());
}

/**
 * The gateway as a Pod runs it, against a real broker, with its clients subscribed and a producer
 * ready: saturation windows and fixed-rate latency runs can then be taken in any order. Every
 * process it starts is registered with `cleanup`.
 */
export class GatewayRig {
  private constructor(
    readonly idle: IdleMemory,
    /** Presence pushes the clients had received once all of them were subscribed. */
    readonly presenceWhileSubscribing: PresenceCount,
    private readonly plan: RoomPlan,
    private readonly gateway: GatewayProcess,
    private readonly loadgen: ChildChannel<LoadGeneratorApi>,
    private readonly producers: { readonly deliveries: ChatProducer; readonly ingest: ChatProducer },
    private readonly poller: ClientPoller,
    private readonly cpu: CpuWatch,
    private readonly options: BenchOptions,
  ) {}

  static async start(options: BenchOptions, cleanup: CleanupStack): Promise<GatewayRig> {
    const plan = new RoomPlan(options.sockets, options.rooms);
    progress('starting Kafka');
    const broker = await KafkaBroker.start();
    cleanup.defer('destroy Kafka', () => broker.destroy());
    checkpoint();
    await createGatewayTopics(broker.bootstrap, PREFIX, PARTITIONS);
    progress(
      `Kafka on ${broker.bootstrap}; topics ${PREFIX}.messages (${PARTITIONS} partitions), .dlq, .signals, .receipts`,
    );

    // The inspector only lets the benchmark force a GC for the idle-memory figure (loopback only).
    const inspectPort = await freePort();
    const gateway = await GatewayProcess.start({
      brokers: broker.bootstrap,
      topicPrefix: PREFIX,
      secret: SECRET,
      env: {
        CMF_POD_NAME: 'bench',
        CMF_MAX_CONNECTIONS: String(options.sockets + 1000),
        CMF_OUTBOUND_HIGH_WATER_BYTES: String(options.highWaterBytes),
        // As the operator runs it in a pod, plus the inspector (loopback only).
        NODE_OPTIONS: `${GATEWAY_NODE_OPTIONS} --inspect=127.0.0.1:${inspectPort}`,
      },
    });
    cleanup.defer('stop the gateway', () => gateway.kill());
    track(gateway.child);
    checkpoint();
    const gatewayPid = gateway.child.pid ?? 0;
    progress(`gateway ready (pid ${gatewayPid}) on ${gateway.url}`);

    const loadgen = ChildChannel.fork<LoadGeneratorApi>(
      'gateway load generator',
      new URL('./load-generator.js', import.meta.url),
    );
    cleanup.defer('stop the gateway load generator', () => loadgen.stop());
    const idle = await connectAndMeasureIdle(
      loadgen,
      { pid: gatewayPid, inspectPort },
      gateway.url,
      SECRET,
      options,
    );
    const { presenceFrames, presenceLeftFrames } = await loadgen.call('snapshot', { resetLatency: false });
    const metrics = await gateway.metrics();
    progress(
      `gateway reports ${sampleValue(metrics, 'cmf_gateway_connections') ?? '?'} connections, ` +
        `${sampleValue(metrics, 'cmf_gateway_subscriptions') ?? '?'} subscriptions; the clients got ` +
        `${presenceFrames} presence pushes while subscribing (${presenceLeftFrames} of them with users who "left")`,
    );

    // A second producer for rooms nobody subscribes to: the ingest run must owe no deliveries.
    const unsubscribed = new RoomPlan(0, options.rooms, 'bench-unsubscribed-');
    const ingestProducer = await ChatProducer.connect(
      broker.bootstrap,
      `${PREFIX}.messages`,
      unsubscribed,
      options.acks,
      options.contentBytes,
    );
    cleanup.defer('disconnect the ingest producer', () => ingestProducer.close());
    const producer = await ChatProducer.connect(
      broker.bootstrap,
      `${PREFIX}.messages`,
      plan,
      options.acks,
      options.contentBytes,
    );
    cleanup.defer('disconnect the producer', () => producer.close());
    const poller = new ClientPoller(loadgen);
    poller.start();
    cleanup.defer('stop polling', () => {
      poller.stop();
      return Promise.resolve();
    });
    const cpu = new CpuWatch({
      gateway: gatewayPid,
      loadGenerator: loadgen.pid,
      kafka: await kafkaPid(broker),
      bench: process.pid,
    });
    return new GatewayRig(
      idle,
      { frames: presenceFrames, left: presenceLeftFrames },
      plan,
      gateway,
      loadgen,
      { deliveries: producer, ingest: ingestProducer },
      poller,
      cpu,
      options,
    );
  }

  get meanFanout(): number {
    return this.plan.meanFanout;
  }

  /**
   * Produces as fast as the clients receive (a bounded backlog, see load-shape.ts) for the warm-up
   * plus `seconds`, and measures the window after the warm-up; then lets the backlog drain.
   */
  async saturate(seconds: number): Promise<RunWindow> {
    checkpoint();
    const run = await measureRun(this.loadgen, this.cpu, this.options.warmupSeconds, () =>
      this.producers.deliveries.saturate({
        seconds: this.options.warmupSeconds + seconds,
        ahead: () => this.producers.deliveries.owedDeliveries - this.poller.messages,
        limit: outstandingFramesPerSocket(this.options.sockets) * this.options.sockets,
      }),
    );
    progress(
      `gateway: ${Math.round(run.deliveriesPerSecond)} deliveries/s ` +
        `(${Math.round(run.deliveriesPerSecond / this.plan.meanFanout)} messages/s x ${this.plan.meanFanout} sockets), ` +
        `frames ${Math.round(run.frameBytes)} B; CPU % ${JSON.stringify(run.cpuPercent)}`,
    );
    await waitForDeliveries(this.loadgen, this.producers.deliveries.owedDeliveries);
    return run;
  }

  async latency(load: number, of: LatencyReference, saturation: SaturationRates): Promise<LatencyPoint> {
    checkpoint();
    return measureLatencyPoint(
      load,
      of,
      saturation,
      this.plan,
      this.producers.deliveries,
      this.loadgen,
      this.cpu,
      this.options,
      () => this.gateway.metrics(),
    );
  }

  async ingest(seconds: number): Promise<IngestFigures> {
    checkpoint();
    return measureIngest(this.gateway, this.producers.ingest, this.cpu, this.options.warmupSeconds, seconds);
  }

  async end(): Promise<GatewayEnd> {
    const clients = await waitForDeliveries(this.loadgen, this.producers.deliveries.owedDeliveries);
    const metrics = await this.gateway.metrics();
    return {
      metrics: {
        slowConsumerCloses: sampleValue(metrics, 'cmf_gateway_slow_consumer_closes_total') ?? -1,
        deliveries: sampleValue(metrics, 'cmf_gateway_deliveries_total') ?? -1,
        consumed: sampleValue(metrics, 'cmf_gateway_messages_consumed_total') ?? -1,
        connectionsAtEnd: sampleValue(metrics, 'cmf_gateway_connections') ?? -1,
      },
      undelivered: this.producers.deliveries.owedDeliveries - clients.messages,
      clients,
      log: summarizeLog(this.gateway.logs),
    };
  }
}
