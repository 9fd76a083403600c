export { CONFIG_INVALID, ConfigError } from './config-error.js';
export { formatDuration, parseDuration } from './duration.js';
export type { OperatorConfig, SecretLocation } from './operator-config.js';
export { operatorHelp } from './operator-help.js';
export { operatorOptions, operatorSections } from './operator-options.js';
export { parseOperatorConfig } from './parse-operator-config.js';
export { helpRequested, type ConfigInput } from './resolve-options.js';
