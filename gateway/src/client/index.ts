export { fullJitterDelay } from './backoff.js';
export {
  CmfClient,
  SubscribeError,
  type ClientMessage,
  type ClientState,
  type CmfClientEvents,
  type CmfClientOptions,
  type ErrorPayload,
  type Position,
  type SubscribeResult,
} from './cmf-client.js';
export type { WebSocketFactory, WebSocketLike } from './websocket-like.js';
