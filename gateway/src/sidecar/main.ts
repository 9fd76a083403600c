#!/usr/bin/env node
import fs from 'node:fs';
import { ConfigError } from '../config/config-error.js';
import { helpRequested } from '../config/resolve-options.js';
import { createLogger } from '../log/index.js';
import { gatewayVersion, Telemetry } from '../telemetry/index.js';
import { AuthSidecar } from './auth-sidecar.js';
import { parseSidecarConfig } from './parse-sidecar-config.js';
import { sidecarHelp } from './sidecar-help.js';

const NAME = 'cmf-auth-sidecar';

function configFailure(err: ConfigError): number {
  process.stderr.write(`${NAME}: ${err.message}\nRun ${NAME} --help for every option.\n`);
  return 2;
}

/** cmf-auth-sidecar: parse config, load keys, serve; exit 2 on bad configuration, 0 after SIGTERM. */
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (helpRequested(argv)) {
    process.stdout.write(sidecarHelp());
    return 0;
  }
  let config;
  let telemetry;
  try {
    config = parseSidecarConfig({
      env: process.env,
      argv,
      readFile: (path) => fs.readFileSync(path, 'utf8'),
    });
    // Validates the OTEL_* variables and sets up the resource and exporter for the pod's traces.
    telemetry = Telemetry.start({
      service: {
        name: NAME,
        version: gatewayVersion(),
        podName: process.env['CMF_POD_NAME'],
        podNamespace: process.env['CMF_POD_NAMESPACE'],
      },
      metricPrefix: 'cmf_auth',
      env: process.env,
    });
  } catch (err) {
    if (err instanceof ConfigError) return configFailure(err);
    throw err;
  }
  const logger = createLogger(config.log.level, { service: NAME });
  let sidecar: AuthSidecar;
  try {
    sidecar = await AuthSidecar.create(config, {
      logger,
      readFile: (path) => fs.readFileSync(path),
      telemetry,
    });
  } catch (err) {
    if (err instanceof ConfigError) return configFailure(err);
    throw err;
  }
  const { port, adminPort } = await sidecar.start();
  logger.info('listening', {
    host: config.listen.host,
    port,
    adminHost: config.admin.host,
    adminPort,
    issuers: config.issuers.map((issuer) => ({ issuer: issuer.issuer, keys: issuer.keys.kind })),
    allowedOrigins: config.origins.allowed,
    queryToken: config.token.queryToken,
  });
  if (config.origins.allowed.length === 0) {
    logger.info('no Origin allow-list: browsers from any origin may connect with a valid token');
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    sidecar
      .stop()
      .then(() => telemetry.shutdown())
      .then(
        () => {
          process.exit(0);
        },
        (error: unknown) => {
          logger.error('stop failed', { error });
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
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${NAME}: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
