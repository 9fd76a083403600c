#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { MessengerConfigError } from './config/config-error.js';
import { parseMessengerConfig } from './config/parse-messenger-config.js';
import { renderHelp } from './config/render-help.js';
import { createLogger } from './log/logger.js';
import { Messenger } from './messenger.js';
import { startTracing } from './trace/trace-context.js';

/** `cmf-messenger-standin`: configuration from CMF_MESSENGER_* and flags, then serve until SIGTERM. */
async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(renderHelp());
    return 0;
  }
  let config;
  try {
    config = parseMessengerConfig({
      env: process.env,
      argv,
      readFile: (path) => readFileSync(path, 'utf8'),
    });
  } catch (err) {
    if (!(err instanceof MessengerConfigError)) throw err;
    process.stderr.write(`cmf-messenger-standin: ${err.message}\n(${err.code}; see --help)\n`);
    return 2;
  }
  const logger = createLogger(config.logLevel);
  const tracing = startTracing(process.env);
  const messenger = await Messenger.start(config, { logger, readFile: (path) => readFileSync(path, 'utf8') });
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  logger.info('draining', { signal, drainTimeoutMs: config.drainTimeoutMs });
  await messenger.stop();
  // The last spans go out if the collector answers soon; a drain never waits on it for long.
  await Promise.race([tracing.shutdown(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
  // Everything is closed; a library timer left behind must not keep the pod Terminating.
  setTimeout(() => process.exit(0), 1000).unref();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `cmf-messenger-standin: failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
