export { CONFIG_INVALID, ConfigError } from './config-error.js';
export { formatByteSize, parseByteSize } from './byte-size.js';
export { formatDuration, parseDuration } from './duration.js';
export {
  AuthMode,
  KafkaSaslMechanism,
  type AuthConfig,
  type DevHs256AuthConfig,
  type GatewayConfig,
  type GatewayOptionKey,
  type SidecarAuthConfig,
} from './gateway-config.js';
export { gatewayHelp } from './gateway-help.js';
export { gatewayOptions, gatewaySections } from './gateway-options.js';
export { kafkaTopics, type KafkaTopics } from './kafka-topics.js';
export { GATEWAY_NODE_OPTIONS } from './node-options.js';
export {
  OptionType,
  type HostFacts,
  type OptionDefinition,
  type OptionSection,
  type OptionSpec,
  type ValueFormat,
} from './option-spec.js';
export { parseGatewayConfig, type GatewayConfigInput } from './parse-gateway-config.js';
export { redactGatewayConfig } from './redact-gateway-config.js';
export { helpRequested, type ConfigInput } from './resolve-options.js';
