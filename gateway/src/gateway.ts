import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AdminServer } from './admin/index.js';
import {
  ClaimAuthorizer,
  DevHs256Authenticator,
  readClientTokenFile,
  SidecarAuthenticator,
  type Authenticator,
  type Authorizer,
} from './auth/index.js';
import type { GatewayConfig } from './config/index.js';
import { RoomHistory } from './history/index.js';
import { DedupeWindow, RoomHub } from './hub/index.js';
import {
  createKafka,
  MessagesConsumer,
  readKafkaSecurity,
  keyPartition,
  type KafkaSecurity,
} from './kafka/index.js';
import type { Logger } from './log/index.js';
import { errorPayload } from './errors/index.js';
import { MembershipRuntime, REVOCATION_MESSAGES } from './membership/index.js';
import {
  createDeliveryLatencyHistogram,
  newCounters,
  registerGatewayMetrics,
  type GatewayCounters,
  type MembershipMetricsView,
} from './metrics.js';
import { MessagePipeline } from './pipeline/index.js';
import { ReceiptsPublisher } from './receipts/index.js';
import { CommandRouter, Connection, GatewayServer, WriteCoalescer } from './server/index.js';
import { Collaboration, SignalsBus } from './signals/index.js';
import { ConsumerLag, gatewayVersion, MessageTracing, Telemetry } from './telemetry/index.js';

/** How long a replica's presence report lives without a heartbeat (a dead replica's users leave). */
const PRESENCE_TTL_MS = 30_000;
/** Pause between attempts to start the optional Kafka clients (signals, receipts). */
const OPTIONAL_RETRY_MS = 5_000;

export interface GatewayDependencies {
  readonly logger: Logger;
  /** Defaults from config: the development HS256 authenticator in `dev-hs256` mode. */
  readonly authenticator?: Authenticator;
  /**
   * Defaults to membership checks when `membership.url` is set, else the claim authorizer (rooms
   * granted in the token).
   */
  readonly authorizer?: Authorizer;
  /** Reads mounted Secret files (Kafka credentials, tokens); `fs.readFileSync` by default. */
  readonly readFile?: (path: string) => string;
  /**
   * The process's OpenTelemetry (main starts it from the OTEL_* variables). Default: metrics
   * only, no tracing and no global registration, for gateways built inside a test process.
   */
  readonly telemetry?: Telemetry;
}

export interface GatewayAddresses {
  readonly port: number;
  readonly adminPort: number;
}

function defaultAuthenticator(config: GatewayConfig, readFile: (path: string) => string): Authenticator {
  if (config.auth.mode === 'dev-hs256') {
    return new DevHs256Authenticator({
      secret: config.auth.devJwtSecret,
      roomsClaim: config.auth.roomsClaim,
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      allowedOrigins: config.auth.allowedOrigins,
    });
  }
  const tokenFile = config.auth.sidecarTokenFile;
  return new SidecarAuthenticator({
    baseUrl: config.auth.sidecarUrl,
    timeoutMs: config.auth.sidecarTimeoutMs,
    ...(tokenFile === undefined
      ? {}
      : { token: readClientTokenFile('CMF_AUTH_SIDECAR_TOKEN_FILE', tokenFile, readFile) }),
  });
}

/**
 * The composition root: builds every part from one config and owns their life cycle. The
 * admin port starts first (probes answer "not ready" while history warms), then the Kafka
 * consumer, then the client port.
 */
export class Gateway {
  readonly counters: GatewayCounters = newCounters();
  private readonly hub: RoomHub;
  private readonly history: RoomHistory;
  private readonly consumer: MessagesConsumer;
  private readonly server: GatewayServer;
  private readonly admin: AdminServer;
  private readonly signals: SignalsBus;
  private readonly receipts: ReceiptsPublisher;
  private readonly collaboration: Collaboration;
  private readonly membership: MembershipRuntime | undefined;
  private readonly telemetry: Telemetry;
  private readonly lag: ConsumerLag;
  private draining = false;
  private fatal: Error | undefined;

  constructor(
    private readonly config: GatewayConfig,
    private readonly deps: GatewayDependencies,
  ) {
    const logger = deps.logger;
    const readFile = deps.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
    const security: KafkaSecurity = readKafkaSecurity(config.kafka, readFile);
    this.hub = new RoomHub({
      onSendError: (error) => {
        logger.warn('socket write failed', { error });
      },
    });
    this.history = new RoomHistory(config.history);
    this.telemetry =
      deps.telemetry ??
      Telemetry.metricsOnly({
        service: {
          name: 'cmf-gateway',
          version: gatewayVersion(),
          podName: config.pod.name,
          podNamespace: config.pod.namespace,
        },
        metricPrefix: 'cmf_gateway',
      });
    // A group of its own per process: kafkajs cannot assign partitions by hand, and every
    // replica must read every partition.
    // The process, not the pod name, is the unit: a restarted container or two processes on one
    // host must not be mistaken for each other (presence ignores its own echo by this name).
    const instance = `${config.pod.name}.${randomBytes(4).toString('hex')}`;
    const groupId = `${config.kafka.groupPrefix}.${instance}`;
    const writes = new WriteCoalescer();
    const tracer = this.telemetry.tracer;
    const pipeline = new MessagePipeline(
      this.hub,
      this.history,
      new DedupeWindow(config.dedupe.windowSize),
      this.counters.pipeline,
      Date.now,
      writes,
      {
        tracing:
          tracer === undefined ? undefined : new MessageTracing(tracer, config.topics.messages, groupId),
        latency: createDeliveryLatencyHistogram(this.telemetry.meter),
      },
    );
    this.consumer = new MessagesConsumer(
      {
        brokers: config.kafka.brokers,
        clientId: config.kafka.clientId,
        topic: config.topics.messages,
        dlqTopic: config.topics.dlq,
        groupId,
        warmupMs: config.history.maxAgeMs,
        connectTimeoutMs: config.kafka.connectTimeoutMs,
        retry: config.kafka.retry,
        maxRestarts: config.kafka.maxConsumerRestarts,
        security,
      },
      pipeline,
      logger.child({ component: 'consumer' }),
    );
    this.consumer.on('invalid', (info) => {
      this.counters.dlqRecords++;
      logger.warn('record sent to DLQ', info);
    });
    this.consumer.on('fatal', (error) => {
      this.fatal = error;
    });
    const replica = instance;
    this.signals = new SignalsBus(
      {
        brokers: config.kafka.brokers,
        clientId: config.kafka.clientId,
        topic: config.topics.signals,
        groupId: `${groupId}.signals`,
        security,
      },
      logger.child({ component: 'signals' }),
    );
    this.collaboration = new Collaboration(this.hub, this.signals, replica, PRESENCE_TTL_MS, logger);
    this.signals.on('signal', (signal) => {
      this.collaboration.receive(signal);
    });
    this.receipts = new ReceiptsPublisher(
      {
        brokers: config.kafka.brokers,
        clientId: config.kafka.clientId,
        topic: config.topics.receipts,
        batchMaxSize: config.receipts.batchMaxSize,
        batchMaxDelayMs: config.receipts.batchMaxDelayMs,
        security,
      },
      logger.child({ component: 'receipts' }),
    );
    const consumer = this.consumer;
    const stream = {
      get epoch() {
        return consumer.epoch;
      },
      get partitionCount() {
        return consumer.partitionCount;
      },
      // Where Kafka's default partitioner (murmur2 of the key, as Spring Boot's producer does) puts
      // a room's messages: a client subscribed to a room with no message yet still gets a position.
      // Asked only once the client port is open, after the consumer has read the partition count.
      partitionOf: (room: string) => keyPartition(room, consumer.partitionCount),
    };
    const baseAuthenticator = deps.authenticator ?? defaultAuthenticator(config, readFile);
    const membershipUrl = config.membership.url;
    this.membership =
      membershipUrl === undefined
        ? undefined
        : new MembershipRuntime(
            {
              membership: { ...config.membership, url: membershipUrl },
              kafka: config.kafka,
              eventsTopic: config.topics.events,
              groupId: `${groupId}.events`,
              security,
            },
            {
              hub: this.hub,
              notify: (subscriber, room, reason) => {
                if (subscriber instanceof Connection) {
                  subscriber.sendFrame({
                    type: 'unsubscribed',
                    rooms: [room],
                    reason: errorPayload('forbidden', REVOCATION_MESSAGES[reason]),
                  });
                }
                this.collaboration.membersChanged(room);
              },
              disconnect: (userId) => {
                this.server.closeUser(userId, 'forbidden', 'banned');
              },
            },
            logger,
          );
    this.membership?.events.on('fatal', (error) => {
      this.fatal = error;
    });
    const authenticator = this.membership?.guard(baseAuthenticator) ?? baseAuthenticator;
    const router = new CommandRouter(
      this.hub,
      this.history,
      stream,
      authenticator,
      deps.authorizer ?? this.membership?.authorizer ?? new ClaimAuthorizer(),
      this.collaboration,
      this.receipts,
      {
        maxSubscriptions: config.limits.maxSubscriptions,
        typingPerSecond: config.limits.typingPerSecond,
        replica,
      },
      this.counters.router,
      logger.child({ component: 'router' }),
    );
    this.server = new GatewayServer(
      {
        path: config.websocket.path,
        maxConnections: config.limits.maxConnections,
        heartbeatMs: config.heartbeat.intervalMs,
        heartbeatTimeoutMs: config.heartbeat.timeoutMs,
        closeGraceMs: config.drain.closeGraceMs,
        limits: config.limits,
        writeCoalescer: writes,
        trustedProxies: config.proxies.trusted,
      },
      authenticator,
      router,
      () => this.isReady(),
      this.counters.server,
      logger.child({ component: 'server' }),
    );
    this.lag = new ConsumerLag(
      createKafka(
        { brokers: config.kafka.brokers, clientId: config.kafka.clientId, security },
        logger.child({ component: 'lag' }),
      ).admin(),
      config.topics.messages,
      () => this.consumer.positions(),
    );
    registerGatewayMetrics(
      this.telemetry.meter,
      this.counters,
      {
        connections: () => this.server.connectionCount,
        subscriptions: () => this.hub.stats().subscriptions,
        rooms: () => this.hub.stats().rooms,
        historyEntries: () => this.history.stats().entries,
        historyBytes: () => this.history.stats().bytes,
        ready: () => this.isReady(),
        consumerRestarts: () => this.consumer.restartCount,
      },
      this.membershipMetrics(),
      () => this.lag.read(),
    );
    this.admin = new AdminServer({
      live: () => this.fatal === undefined,
      readiness: () => this.readiness(),
      metrics: () => this.telemetry.metricsText(),
    });
  }

  /** Resolves when the consumer fails for good; the process should exit and be restarted. */
  onFatal(listener: (error: Error) => void): void {
    this.consumer.on('fatal', listener);
    this.membership?.events.on('fatal', listener);
  }

  async start(): Promise<GatewayAddresses> {
    const adminPort = await this.admin.listen(this.config.admin.port, this.config.admin.host);
    // Before the client port opens: no subscription may be granted while revocations go unheard.
    await this.membership?.start();
    await this.consumer.start();
    // Typing, presence and receipts are secondary: chat keeps flowing while they retry.
    this.startOptional('signals', () => this.signals.start());
    this.startOptional('receipts', () => this.receipts.start());
    this.collaboration.start();
    const port = await this.server.listen(this.config.listen.port, this.config.listen.host);
    this.deps.logger.info('gateway listening', { port, adminPort, path: this.config.websocket.path });
    return { port, adminPort };
  }

  /** SIGTERM: stop being ready, close every client with 4000, then stop reading Kafka. */
  async drain(): Promise<void> {
    this.draining = true;
    await this.server.drain();
    this.collaboration.stop();
    await this.receipts.stop();
    await Promise.all([this.signals.stop(), this.consumer.stop(), this.membership?.stop(), this.lag.stop()]);
    await this.admin.close();
  }

  private membershipMetrics(): MembershipMetricsView | undefined {
    const membership = this.membership;
    if (membership === undefined) return undefined;
    return {
      authorizer: membership.authorizer.counters,
      events: membership.events.counters,
      applier: membership.applier.counters,
      breakerState: () => membership.authorizer.breakerState,
      cacheEntries: () => membership.authorizer.cacheSize,
    };
  }

  private startOptional(name: string, start: () => Promise<void>): void {
    start().catch((error: unknown) => {
      if (this.draining) return;
      this.deps.logger.warn(`${name} unavailable; retrying`, { error, retryInMs: OPTIONAL_RETRY_MS });
      setTimeout(() => {
        this.startOptional(name, start);
      }, OPTIONAL_RETRY_MS).unref();
    });
  }

  private isReady(): boolean {
    return this.readiness().ready;
  }

  private readiness(): { ready: boolean; reasons: string[] } {
    const reasons: string[] = [];
    if (this.draining) reasons.push('draining');
    if (!this.consumer.ready) reasons.push('history warming: Kafka partitions not caught up');
    if (this.fatal !== undefined) reasons.push(`consumer failed: ${this.fatal.message}`);
    return { ready: reasons.length === 0, reasons };
  }
}
