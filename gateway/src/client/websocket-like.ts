/**
 * The slice of the WebSocket API the client uses, so the same SDK runs on a browser's WebSocket,
 * Node's global WebSocket (undici) or the `ws` package.
 */
export interface WebSocketLike {
  readonly readyState: number;
  readonly protocol: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type WebSocketFactory = (url: string, protocols: string[]) => WebSocketLike;

export const OPEN = 1;

export const defaultWebSocketFactory: WebSocketFactory = (url, protocols) => {
  const Ctor = (
    globalThis as unknown as { WebSocket?: new (url: string, protocols: string[]) => WebSocketLike }
  ).WebSocket;
  if (Ctor === undefined)
    throw new Error('no global WebSocket: pass the `webSocket` option (e.g. from the ws package)');
  return new Ctor(url, protocols);
};
