import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DemoTokenIssuer } from './auth/demo-token-issuer.js';
import { ServiceTokenGuard } from './auth/service-token-guard.js';
import { generateSigningKey, loadSigningKey, type SigningKey } from './auth/signing-key.js';
import { UserTokenVerifier } from './auth/user-token-verifier.js';
import type { MessengerConfig } from './config/messenger-config.js';
import { MembershipFaults, NO_FAULT } from './faults/membership-faults.js';
import { KafkaRecordProducer } from './kafka/kafka-record-producer.js';
import type { RecordSink } from './kafka/record-sink.js';
import type { Logger } from './log/logger.js';
import type { MessengerContext } from './messenger-context.js';
import { createMessengerHandler } from './messenger-handler.js';
import { MessengerMetrics } from './metrics/messenger-metrics.js';
import { RoomDirectory } from './rooms/room-directory.js';
import { applySeed } from './rooms/seed.js';
import { tracedRecordSink } from './trace/trace-context.js';

/** The Kafka side as the lifecycle sees it; `KafkaRecordProducer` in the process, a fake in unit tests. */
export interface ProducerLifecycle extends RecordSink {
  readonly isConnected: boolean;
  startConnecting(): void;
  stop(): Promise<void>;
}

export interface MessengerDependencies {
  readonly logger: Logger;
  readonly readFile: (path: string) => string;
  /** Default: a kafkajs producer for the configured brokers. */
  readonly producer?: ProducerLifecycle;
}

/**
 * The running stand-in: HTTP server, in-memory rooms, signing key and Kafka producer. Serves at
 * once (so /healthz answers while Kafka is still out of reach); /readyz turns 200 when the
 * producer is connected. `stop` drains: not ready, no new connections, requests in flight get
 * up to the drain timeout, then the producer disconnects.
 */
export class Messenger {
  private constructor(
    private readonly state: { draining: boolean },
    private readonly server: http.Server,
    private readonly producer: ProducerLifecycle,
    private readonly context: MessengerContext,
  ) {}

  static async start(config: MessengerConfig, dependencies: MessengerDependencies): Promise<Messenger> {
    const { logger } = dependencies;
    const key: SigningKey =
      config.jwt.signingKeyFile === undefined
        ? await generateSigningKey()
        : await loadSigningKey(dependencies.readFile(config.jwt.signingKeyFile));
    const rooms = new RoomDirectory();
    applySeed(config.seed, rooms);
    const producer =
      dependencies.producer ??
      new KafkaRecordProducer({
        brokers: config.kafka.brokers,
        clientId: config.kafka.clientId,
        sendTimeoutMs: config.kafka.sendTimeoutMs,
        logger,
      });
    const state = { draining: false };
    const context: MessengerContext = {
      config,
      rooms,
      sink: tracedRecordSink(producer),
      key,
      verifier: new UserTokenVerifier({
        key,
        issuer: config.jwt.issuer,
        audience: config.jwt.audience,
        clockToleranceMs: config.jwt.clockToleranceMs,
      }),
      demoTokens: new DemoTokenIssuer(key, config.jwt.issuer, config.jwt.audience),
      serviceToken: new ServiceTokenGuard(config.serviceToken, dependencies.readFile),
      faults: new MembershipFaults(),
      metrics: new MessengerMetrics(),
      logger,
      notReadyReasons: () => [
        ...(producer.isConnected ? [] : ['kafka_producer_not_connected']),
        ...(state.draining ? ['draining'] : []),
      ],
      newId: randomUUID,
      now: Date.now,
    };
    const server = http.createServer(createMessengerHandler(context));
    // Slow or idle clients must not hold the process open past a drain.
    server.keepAliveTimeout = 5000;
    server.headersTimeout = 10_000;
    const messenger = new Messenger(state, server, producer, context);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.listen.port, config.listen.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    producer.startConnecting();
    logger.info('messenger stand-in listening', {
      address: messenger.url,
      kid: key.kid,
      issuer: config.jwt.issuer,
      topicPrefix: config.kafka.topicPrefix,
      demoTokens: config.demoTokens,
      faultInjection: config.faultInjection,
      rooms: rooms.roomCount,
    });
    return messenger;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  }

  async stop(drainTimeoutMs = this.context.config.drainTimeoutMs): Promise<void> {
    if (this.state.draining) return;
    this.state.draining = true;
    // A hung membership call would only hold the drain up; let it answer.
    this.context.faults.set(NO_FAULT);
    const closed = new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
    this.server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, drainTimeoutMs)));
    await Promise.race([closed, deadline]);
    clearTimeout(timer);
    this.server.closeAllConnections();
    await closed;
    await this.producer.stop();
    this.context.logger.info('messenger stand-in stopped');
  }
}
