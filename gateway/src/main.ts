#!/usr/bin/env node
import os from 'node:os';
import {
  ConfigError,
  gatewayHelp,
  helpRequested,
  parseGatewayConfig,
  redactGatewayConfig,
} from './config/index.js';
import { Gateway } from './gateway.js';
import { createLogger } from './log/index.js';
import { gatewayVersion, Telemetry } from './telemetry/index.js';

/** Exit code 2 with the message for a config error; anything else is rethrown. */
function configFailure(err: unknown): number {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`cmf-gateway: ${err.message}\nRun cmf-gateway --help for every option.\n`);
  return 2;
}

/** cmf-gateway: parse config, start, drain on SIGTERM within drain.timeoutMs, exit non-zero on failure. */
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (helpRequested(argv)) {
    process.stdout.write(gatewayHelp());
    return 0;
  }
  let config;
  let telemetry;
  try {
    config = parseGatewayConfig({ env: process.env, argv, hostname: os.hostname() });
    telemetry = Telemetry.start({
      service: {
        name: 'cmf-gateway',
        version: gatewayVersion(),
        podName: config.pod.name,
        podNamespace: config.pod.namespace,
      },
      metricPrefix: 'cmf_gateway',
      env: process.env,
    });
  } catch (err) {
    return configFailure(err);
  }
  const logger = createLogger(config.log.level, { service: 'cmf-gateway', pod: config.pod.name });
  if (config.auth.mode === 'dev-hs256') {
    logger.warn(
      'DEVELOPMENT AUTH: tokens are verified with a shared HS256 secret inside the gateway; never use in production',
    );
  }
  logger.info('starting', { config: redactGatewayConfig(config), tracing: telemetry.tracer !== undefined });
  let gateway: Gateway;
  try {
    // Reads the files the config names (the sidecar token): a bad one is a config error too.
    gateway = new Gateway(config, { logger, telemetry });
  } catch (err) {
    return configFailure(err);
  }
  gateway.onFatal((error) => {
    logger.error('Kafka consumer failed for good; exiting so Kubernetes restarts the pod', { error });
    process.exit(1);
  });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('draining', { signal });
    // Kubernetes kills us after terminationGracePeriodSeconds anyway; exiting first is cleaner.
    setTimeout(() => {
      logger.error('drain took too long; exiting', { timeoutMs: config.drain.timeoutMs });
      process.exit(1);
    }, config.drain.timeoutMs).unref();
    gateway
      .drain()
      .then(() => telemetry.shutdown())
      .then(
        () => {
          logger.info('drained; bye');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error('drain failed', { error });
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
  await gateway.start();
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `cmf-gateway: failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  },
);
