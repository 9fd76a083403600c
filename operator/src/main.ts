#!/usr/bin/env node
import os from 'node:os';
import { Telemetry } from '@cmf/gateway/telemetry';
import { AdminServer, OpenTelemetryOperatorMetrics } from './admin/index.js';
import { operatorVersion } from './operator-version.js';
import {
  ConfigError,
  helpRequested,
  operatorHelp,
  parseOperatorConfig,
  type OperatorConfig,
} from './config/index.js';
import { systemClock } from './controller/clock.js';
import { CountedKubeApi, HttpKubeApi, KubeEventRecorder, loadKubeConfig } from './kube/index.js';
import { createLogger } from './log/index.js';
import { Operator } from './operator.js';
import { ChatGatewayReconciler, cmfRendering as rendering } from './reconcile/index.js';
import { KafkaTopicReconciler } from './topics/index.js';

// cmf-operator: parse the config (every problem at once, exit 2), serve the admin port, run the
// controllers (under leader election unless disabled), and on SIGTERM/SIGINT drain the queue,
// release the Lease and exit 0.

function configOrExit(): OperatorConfig {
  const argv = process.argv.slice(2);
  if (helpRequested(argv)) {
    process.stdout.write(operatorHelp());
    process.exit(0);
  }
  try {
    return parseOperatorConfig({ env: process.env, argv, hostname: os.hostname() });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`cmf-operator: ${err.message}\nRun cmf-operator --help for every option.\n`);
      process.exit(2);
    }
    throw err;
  }
}

function telemetryOrExit(podName: string, podNamespace: string | undefined): Telemetry {
  try {
    return Telemetry.start({
      service: { name: 'cmf-operator', version: operatorVersion(), podName, podNamespace },
      metricPrefix: 'cmf_operator',
      env: process.env,
    });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`cmf-operator: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger(config.log.level, { component: 'cmf-operator', pod: config.pod.name });
  // Resource (service, pod, namespace) and the Prometheus exporter behind /metrics; OTLP traces
  // only when OTEL_* names a collector (the operator has no spans of its own yet).
  const telemetry = telemetryOrExit(config.pod.name, config.pod.namespace);
  const metrics = new OpenTelemetryOperatorMetrics(telemetry.meter);
  const api = new CountedKubeApi(new HttpKubeApi(loadKubeConfig(config.kubeconfig)), (verb, resource) => {
    metrics.apiRequest(verb, resource);
  });
  const topics = new KafkaTopicReconciler({ logger: log.child({ component: 'topics' }) });
  const reconciler = new ChatGatewayReconciler({
    api,
    rendering,
    topics,
    events: new KubeEventRecorder(api, config.pod.name, log),
    defaults: { gatewayImage: config.gateway.image, kafkaBootstrapServers: config.kafka.bootstrapServers },
    kafka: config.kafka,
    log,
  });
  metrics.observeTopicsManaged(() => reconciler.topicsManaged());
  const operator = new Operator({
    config,
    api,
    reconciler,
    ownedKinds: rendering.ownedKinds,
    clock: systemClock,
    metrics,
    log,
  });
  const admin = new AdminServer({
    live: () => true,
    readiness: () => ({ ready: operator.ready, reasons: operator.ready ? [] : ['starting'] }),
    metrics: () => telemetry.metricsText(),
  });
  const port = await admin.listen(config.admin.port, config.admin.host);
  log.info('admin server listening', { host: config.admin.host, port });
  operator.start();
  log.info('started', {
    namespaces: config.watch.namespaces.length === 0 ? 'all' : config.watch.namespaces,
    leaderElection: config.leader.elect,
  });

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    void (async () => {
      await operator.stop();
      await topics.close().catch((err: unknown) => {
        log.warn('closing Kafka admin clients failed', { err });
      });
      await admin.close();
      log.info('stopped');
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => {
    shutdown('SIGTERM');
  });
  process.on('SIGINT', () => {
    shutdown('SIGINT');
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`cmf-operator: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
