export { CommandRouter, type RouterCounters, type RouterOptions } from './command-router.js';
export {
  Connection,
  type ConnectionCounters,
  type ConnectionLimits,
  type FrameHandler,
} from './connection.js';
export { WriteCoalescer, type Corkable } from './write-coalescer.js';
export { GatewayServer, type GatewayServerCounters, type GatewayServerOptions } from './gateway-server.js';
export type { StreamView } from './stream-view.js';
