/** Everything `cmf-demo` needs, resolved once at start; every field is required here. */
export interface DemoConfig {
  readonly listen: { readonly host: string; readonly port: number };
  /** ws(s)://host/connection/websocket: where the page's client SDK connects. */
  readonly gatewayUrl: string;
  /** http(s)://host of the messenger's REST API (tokens, rooms, messages). */
  readonly messengerUrl: string;
  /**
   * True: the page talks to the messenger through this server (`/messenger/v1/...`), so the
   * messenger needs no CORS headers. False: the page calls `messengerUrl` directly.
   */
  readonly messengerProxy: boolean;
  /** The built page (index.html and its assets). */
  readonly pageDir: string;
}

/** What the page reads from `/config.json`. */
export interface PageConfig {
  readonly gatewayUrl: string;
  /** Absolute, or a path on the page's own origin (the proxy). */
  readonly messengerUrl: string;
}

/** The messenger's API as the page sees it behind the proxy. */
export const MESSENGER_PROXY_PATH = '/messenger';

export function pageConfig(config: DemoConfig): PageConfig {
  return {
    gatewayUrl: config.gatewayUrl,
    messengerUrl: config.messengerProxy ? MESSENGER_PROXY_PATH : config.messengerUrl,
  };
}
