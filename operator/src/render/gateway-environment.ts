import type { RenderInput } from './render-input.js';
import { gatewayDuration } from './duration.js';
import { checkGatewayEnvironment } from './gateway-config-check.js';
import { objectNames } from './object-names.js';
import type { PodFiles } from './pod-files.js';
import { ContainerPort, ListenHost } from './pod-layout.js';
import { RenderError } from './render-error.js';

/** The sidecar's API as the gateway reaches it: loopback, inside the pod. */
export const sidecarUrl = `http://${ListenHost.Loopback}:${ContainerPort.SidecarApi}`;

/** spec.kafka.bootstrapServers, else the operator's default cluster; never empty. */
export function kafkaBrokers(input: RenderInput): readonly string[] {
  const brokers = input.gateway.spec.kafka.bootstrapServers ?? input.defaults.kafkaBootstrapServers;
  if (brokers.length === 0) {
    throw new RenderError(
      'spec.kafka.bootstrapServers is unset and the operator has no default Kafka cluster ' +
        '(CMF_OPERATOR_KAFKA_BOOTSTRAP_SERVERS)',
    );
  }
  return brokers;
}

/**
 * The gateway's CMF_* variables (gateway/src/config/gateway-options.ts), from the spec. Only
 * variables the gateway knows, and every value in its format: durations in whole milliseconds with
 * one unit, lists comma-separated. The pod's name and namespace come from the Downward API in the
 * Deployment, not from here. Listen addresses are always explicit (the test substrate rewrites
 * them per pod, as a network namespace would). The result has passed the gateway's own parser:
 * anything it would refuse throws RenderError instead.
 */
export function gatewayEnvironment(input: RenderInput, files: PodFiles): Readonly<Record<string, string>> {
  const { spec } = input.gateway;
  const { kafka, auth, membership, limits, history, heartbeat, drain, receipts } = spec;
  const env: Record<string, string> = {
    CMF_LISTEN_HOST: ListenHost.Any,
    CMF_LISTEN_PORT: String(ContainerPort.WebSocket),
    CMF_ADMIN_HOST: ListenHost.Any,
    CMF_ADMIN_PORT: String(ContainerPort.Admin),
    CMF_WEBSOCKET_PATH: spec.websocket.path,

    CMF_KAFKA_BROKERS: kafkaBrokers(input).join(','),
    CMF_KAFKA_CLIENT_ID: kafka.clientId,
    CMF_KAFKA_TOPIC_PREFIX: kafka.topicPrefix,
    CMF_KAFKA_GROUP_PREFIX: kafka.groupPrefix,
    CMF_KAFKA_CONNECT_TIMEOUT: gatewayDuration(kafka.connectTimeout, 'spec.kafka.connectTimeout'),
    CMF_KAFKA_RETRY_INITIAL: gatewayDuration(kafka.retry.initial, 'spec.kafka.retry.initial'),
    CMF_KAFKA_RETRY_MAX: gatewayDuration(kafka.retry.max, 'spec.kafka.retry.max'),
    CMF_KAFKA_MAX_CONSUMER_RESTARTS: String(kafka.maxConsumerRestarts),
    CMF_KAFKA_TLS: String(kafka.tls.enabled),
  };
  // Unset or empty: the gateway's default, no proxy trusted and X-Forwarded-For ignored.
  const trustedProxies = spec.ingress.trustedProxies ?? [];
  if (trustedProxies.length > 0) env['CMF_TRUSTED_PROXIES'] = trustedProxies.join(',');

  if (files.kafkaCredentials !== undefined) {
    // saslMechanism has a default even without credentials; it means something only with them.
    env['CMF_KAFKA_SASL_MECHANISM'] = kafka.saslMechanism;
    env['CMF_KAFKA_USERNAME_FILE'] = files.kafkaCredentials.usernameFile;
    env['CMF_KAFKA_PASSWORD_FILE'] = files.kafkaCredentials.passwordFile;
  }
  if (files.kafkaCa !== undefined) env['CMF_KAFKA_CA_FILE'] = files.kafkaCa.file;

  Object.assign(env, {
    CMF_AUTH_MODE: 'sidecar',
    CMF_AUTH_SIDECAR_URL: sidecarUrl,
    CMF_AUTH_SIDECAR_TIMEOUT: gatewayDuration(auth.sidecarTimeout, 'spec.auth.sidecarTimeout'),
    CMF_AUTH_SIDECAR_TOKEN_FILE: files.sidecarToken.file,
    CMF_AUTH_ROOMS_CLAIM: auth.roomsClaim,
  });
  // The sidecar enforces the Origin allow-list; the gateway gets it too, as the CRD documents.
  if (auth.allowedOrigins !== undefined && auth.allowedOrigins.length > 0) {
    env['CMF_AUTH_ALLOWED_ORIGINS'] = auth.allowedOrigins.join(',');
  }

  if (membership !== undefined) {
    const breaker = membership.circuitBreaker;
    Object.assign(env, {
      CMF_MEMBERSHIP_URL: membership.url,
      CMF_MEMBERSHIP_TIMEOUT: gatewayDuration(membership.timeout, 'spec.membership.timeout'),
      CMF_MEMBERSHIP_CACHE_TTL: gatewayDuration(membership.cacheTtl, 'spec.membership.cacheTtl'),
      CMF_MEMBERSHIP_STALE_TTL: gatewayDuration(membership.staleTtl, 'spec.membership.staleTtl'),
      CMF_MEMBERSHIP_CACHE_MAX_ENTRIES: String(membership.cacheMaxEntries),
      CMF_MEMBERSHIP_BREAKER_ERROR_PERCENT: String(breaker.errorThresholdPercentage),
      CMF_MEMBERSHIP_BREAKER_VOLUME_THRESHOLD: String(breaker.volumeThreshold),
      CMF_MEMBERSHIP_BREAKER_RESET_TIMEOUT: gatewayDuration(
        breaker.resetTimeout,
        'spec.membership.circuitBreaker.resetTimeout',
      ),
    });
    if (files.membershipToken !== undefined) env['CMF_MEMBERSHIP_TOKEN_FILE'] = files.membershipToken.file;
  }

  Object.assign(env, {
    CMF_MAX_FRAME_BYTES: String(limits.maxFrameBytes),
    CMF_MAX_SUBSCRIPTIONS: String(limits.maxSubscriptions),
    CMF_MAX_ROOMS_PER_FRAME: String(limits.maxRoomsPerFrame),
    CMF_COMMANDS_PER_SECOND: String(limits.commandsPerSecond),
    CMF_COMMAND_BURST: String(limits.commandBurst),
    CMF_FLOOD_CLOSE_AFTER: String(limits.floodCloseAfter),
    CMF_MAX_CONNECTIONS: String(limits.maxConnections),
    CMF_OUTBOUND_HIGH_WATER_BYTES: String(limits.outboundHighWaterBytes),
    CMF_TYPING_PER_SECOND: String(limits.typingPerSecond),

    CMF_HEARTBEAT_INTERVAL: gatewayDuration(heartbeat.interval, 'spec.heartbeat.interval'),
    CMF_HEARTBEAT_TIMEOUT: gatewayDuration(heartbeat.timeout, 'spec.heartbeat.timeout'),

    CMF_HISTORY_MAX_MESSAGES_PER_ROOM: String(history.maxMessagesPerRoom),
    CMF_HISTORY_MAX_AGE: gatewayDuration(history.maxAge, 'spec.history.maxAge'),
    CMF_HISTORY_MAX_BYTES: String(history.maxBytes),
    CMF_DEDUPE_WINDOW_SIZE: String(history.dedupeWindowSize),

    CMF_DRAIN_TIMEOUT: gatewayDuration(drain.timeout, 'spec.drain.timeout'),
    CMF_DRAIN_CLOSE_GRACE: gatewayDuration(drain.closeGrace, 'spec.drain.closeGrace'),

    CMF_RECEIPTS_BATCH_MAX_SIZE: String(receipts.batchMaxSize),
    CMF_RECEIPTS_BATCH_MAX_DELAY: gatewayDuration(receipts.batchMaxDelay, 'spec.receipts.batchMaxDelay'),

    CMF_LOG_LEVEL: spec.logLevel,
  });
  checkGatewayEnvironment(env, objectNames(input.gateway).deployment);
  return env;
}
