#!/usr/bin/env node
import { DemoConfigError } from './config/demo-config-error.js';
import { renderDemoHelp } from './config/demo-options.js';
import { parseDemoConfig } from './config/parse-demo-config.js';
import { defaultPageDir } from './page-dir.js';
import { DemoServer } from './server/demo-server.js';

/** `cmf-demo`: serves the demo chat page and its /config.json until SIGTERM or SIGINT. */
async function main(argv: readonly string[]): Promise<number> {
  process.title = 'cmf-demo';
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(renderDemoHelp());
    return 0;
  }
  let config;
  try {
    config = parseDemoConfig({ env: process.env, defaultPageDir });
  } catch (err) {
    if (!(err instanceof DemoConfigError)) throw err;
    process.stderr.write(`cmf-demo: ${err.message}\n(${err.code}; see --help)\n`);
    return 2;
  }
  const log = (msg: string, fields: Record<string, unknown> = {}): void => {
    process.stderr.write(JSON.stringify({ time: new Date().toISOString(), msg, ...fields }) + '\n');
  };
  const server = await DemoServer.start(config, (line) => {
    log(line);
  });
  // The URL line is what a person (and the tests) read to find the page.
  log('serving the demo page', {
    url: server.url,
    gatewayUrl: config.gatewayUrl,
    messengerUrl: config.messengerUrl,
    messengerProxy: config.messengerProxy,
    pageDir: config.pageDir,
  });
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  log('stopping', { signal });
  await server.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`cmf-demo: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
