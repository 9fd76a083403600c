// The same admin port as the gateway's: one implementation.
export { AdminServer, type AdminProbes } from '@cmf/gateway/admin';
export {
  nullMetrics,
  type OperatorMetrics,
  type ReconcileOutcome,
  type WatchRestartCause,
} from './operator-metrics.js';
export { OpenTelemetryOperatorMetrics } from './otel-operator-metrics.js';
