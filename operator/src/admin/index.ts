export { AdminServer, type AdminProbes } from './admin-server.js';
export {
  nullMetrics,
  type OperatorMetrics,
  type ReconcileOutcome,
  type WatchRestartCause,
} from './operator-metrics.js';
export { OpenTelemetryOperatorMetrics } from './otel-operator-metrics.js';
