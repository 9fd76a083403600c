/** `/config.json` as the page reads it; the server side is config/demo-config.ts. */
export interface LoadedPageConfig {
  readonly gatewayUrl: string;
  /** Absolute: a relative messengerUrl is resolved against the page's own address. */
  readonly messengerUrl: string;
}

/** Validates what /config.json said; a page with a wrong config fails with a clear message. */
export function parsePageConfig(body: unknown, pageUrl: string): LoadedPageConfig {
  if (typeof body !== 'object' || body === null) throw new Error('config.json is not a JSON object');
  const { gatewayUrl, messengerUrl } = body as Record<string, unknown>;
  if (typeof gatewayUrl !== 'string' || !/^wss?:\/\//.test(gatewayUrl)) {
    throw new Error('config.json: gatewayUrl must be a ws:// or wss:// URL');
  }
  if (typeof messengerUrl !== 'string' || messengerUrl === '') {
    throw new Error('config.json: messengerUrl must be a URL or a path');
  }
  return { gatewayUrl, messengerUrl: new URL(messengerUrl, pageUrl).href.replace(/\/$/, '') };
}
