import { DemoConfigError } from './demo-config-error.js';
import type { DemoConfig } from './demo-config.js';
import { demoOptions } from './demo-options.js';

export interface DemoConfigInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Used when CMF_DEMO_PAGE_DIR is unset. */
  readonly defaultPageDir: string;
}

const HOST = /^[A-Za-z0-9.:[\]-]{1,253}$/;

function url(
  value: string | undefined,
  env: string,
  protocols: readonly string[],
  problems: string[],
): string {
  if (value === undefined || value.trim() === '') {
    problems.push(`${env}: required`);
    return '';
  }
  let parsed: URL;
  try {
    parsed = new URL(value.trim());
  } catch {
    problems.push(`${env}=${JSON.stringify(value)}: not a URL`);
    return '';
  }
  if (!protocols.includes(parsed.protocol)) {
    problems.push(
      `${env}=${JSON.stringify(value)}: expected a ${protocols.map((p) => p + '//').join(' or ')} URL`,
    );
    return '';
  }
  // The page joins paths to the messenger URL itself; a trailing slash would double them.
  return parsed.href.replace(/\/$/, '');
}

/**
 * Resolves `cmf-demo`'s configuration from its CMF_DEMO_* variables (passed in, never read from
 * `process`). Throws one DemoConfigError naming every problem.
 */
export function parseDemoConfig(input: DemoConfigInput): DemoConfig {
  const problems: string[] = [];
  const read = (option: { env: string; default?: string }): string | undefined =>
    input.env[option.env] ?? option.default;

  const host = read(demoOptions.listenHost) ?? '';
  if (!HOST.test(host)) problems.push(`CMF_DEMO_LISTEN_HOST=${JSON.stringify(host)}: expected a host or IP`);

  const portText = read(demoOptions.listenPort) ?? '';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    problems.push(`CMF_DEMO_LISTEN_PORT=${JSON.stringify(portText)}: expected 0..65535`);
  }

  const gatewayUrl = url(read(demoOptions.gatewayUrl), 'CMF_DEMO_GATEWAY_URL', ['ws:', 'wss:'], problems);
  const messengerUrl = url(
    read(demoOptions.messengerUrl),
    'CMF_DEMO_MESSENGER_URL',
    ['http:', 'https:'],
    problems,
  );

  const proxyText = (read(demoOptions.messengerProxy) ?? '').trim().toLowerCase();
  if (proxyText !== 'true' && proxyText !== 'false') {
    problems.push(`CMF_DEMO_MESSENGER_PROXY=${JSON.stringify(proxyText)}: expected true or false`);
  }

  const pageDir = read(demoOptions.pageDir) ?? input.defaultPageDir;
  if (!pageDir.startsWith('/')) {
    problems.push(`CMF_DEMO_PAGE_DIR=${JSON.stringify(pageDir)}: expected an absolute path`);
  }

  if (problems.length > 0) throw new DemoConfigError(problems);
  return Object.freeze({
    listen: Object.freeze({ host, port }),
    gatewayUrl,
    messengerUrl,
    messengerProxy: proxyText === 'true',
    pageDir,
  });
}
