export { Gateway, type GatewayAddresses, type GatewayDependencies } from './gateway.js';
export { GATEWAY_NODE_OPTIONS, parseGatewayConfig, type GatewayConfig } from './config/index.js';
export { createLogger, nullLogger, type Logger } from './log/index.js';
export { javaCompatiblePartitioner } from './kafka/index.js';
