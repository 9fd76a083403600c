export { ChatGatewayReconciler, type ChatGatewayReconcilerDeps } from './chat-gateway-reconciler.js';
export { ChatGatewayType } from './chat-gateway-type.js';
export { cmfRendering } from './cmf-rendering.js';
export { TOPICS_FINALIZER } from './finalizer.js';
export type { GatewayRendering } from './gateway-rendering.js';
export { kafkaConnection, type KafkaDefaults } from './kafka-connection.js';
export { controllerUid, FIELD_MANAGER, managedBySelector } from './owned-objects.js';
export { ReconcileProblem } from './reconcile-problem.js';
