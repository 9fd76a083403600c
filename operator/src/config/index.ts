export {
  CONFIG_INVALID,
  ConfigError,
  formatDuration,
  helpRequested,
  parseDuration,
  type ConfigInput,
} from '@cmf/gateway/config';
export type { OperatorConfig, SecretLocation } from './operator-config.js';
export { operatorHelp } from './operator-help.js';
export { operatorOptions, operatorSections } from './operator-options.js';
export { parseOperatorConfig } from './parse-operator-config.js';
