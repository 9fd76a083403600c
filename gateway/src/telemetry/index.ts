export { ConsumerLag, lagPerPartition, type EndOffsetsAdmin } from './consumer-lag.js';
export { isSampled, MessageTracing, type MessageSpans, type TracedRecord } from './message-tracing.js';
export { serviceResource, type ServiceIdentity } from './service-resource.js';
export { gatewayVersion, packageVersion } from './service-version.js';
export { Telemetry, type TelemetryOptions } from './telemetry.js';
export {
  OtlpProtocol,
  readTelemetrySettings,
  type SpanBatchSettings,
  type TelemetryEnv,
  type TelemetrySettings,
} from './telemetry-settings.js';
