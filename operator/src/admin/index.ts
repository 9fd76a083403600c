export { AdminServer, type AdminProbes } from './admin-server.js';
export {
  nullMetrics,
  PrometheusOperatorMetrics,
  type OperatorMetrics,
  type ReconcileOutcome,
  type WatchRestartCause,
} from './operator-metrics.js';
