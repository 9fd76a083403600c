/** One row per `cmf-demo` option: its variable, default (as a user writes it) and help line. */
export interface DemoOption {
  readonly env: string;
  readonly default?: string;
  readonly doc: string;
}

export const demoOptions = {
  listenHost: {
    env: 'CMF_DEMO_LISTEN_HOST',
    default: '127.0.0.1',
    doc: 'Address the page is served on (loopback: the demo is for the person at this machine).',
  },
  listenPort: {
    env: 'CMF_DEMO_LISTEN_PORT',
    default: '8090',
    doc: 'Port the page is served on (0 picks a free port; the chosen one is logged).',
  },
  gatewayUrl: {
    env: 'CMF_DEMO_GATEWAY_URL',
    doc: 'Required. The gateway WebSocket URL, ws(s)://host[:port]/connection/websocket.',
  },
  messengerUrl: {
    env: 'CMF_DEMO_MESSENGER_URL',
    doc: 'Required. The messenger REST API base URL, http(s)://host[:port] (demo tokens must be enabled).',
  },
  messengerProxy: {
    env: 'CMF_DEMO_MESSENGER_PROXY',
    default: 'true',
    doc: 'true: the page reaches the messenger through this server (no CORS needed); false: directly.',
  },
  pageDir: {
    env: 'CMF_DEMO_PAGE_DIR',
    doc: 'The built page; default e2e/dist/demo-page (written by build-page).',
  },
} as const satisfies Record<string, DemoOption>;

export function renderDemoHelp(): string {
  const rows = Object.values(demoOptions).map((option: DemoOption) => {
    const fallback = option.default === undefined ? '' : ` (default ${option.default})`;
    return `  ${option.env}${fallback}\n      ${option.doc}\n`;
  });
  return `cmf-demo: serves the CMF demo chat page and the /config.json it reads.\n\nEnvironment:\n${rows.join('')}`;
}
