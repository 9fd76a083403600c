// `@cmf/gateway/config`: the option machinery every CMF process configures itself with (one
// table of options; env, flags, defaults, bounds, typo detection, help, one ConfigError), without
// the gateway's own options. cmf-operator declares its table with these.
export { assembleConfig, deepFreeze } from './assemble-config.js';
export { formatByteSize, parseByteSize } from './byte-size.js';
export { CONFIG_INVALID, ConfigError } from './config-error.js';
export { didYouMean, editDistance, MAX_TYPO_DISTANCE } from './did-you-mean.js';
export { formatDuration, parseDuration } from './duration.js';
export {
  isHostDefault,
  OptionType,
  type BooleanOption,
  type BytesOption,
  type DurationOption,
  type EnumOption,
  type HostDefault,
  type HostFacts,
  type IntOption,
  type ListOption,
  type OptionDefinition,
  type OptionSection,
  type OptionSpec,
  type StringOption,
  type ValueFormat,
} from './option-spec.js';
export {
  expectation,
  formatOptionValue,
  parseOptionValue,
  REDACTED,
  type OptionValue,
  type ParsedValue,
} from './option-value.js';
export { renderHelp } from './render-help.js';
export {
  helpRequested,
  OptionOrigin,
  resolveOptions,
  type ConfigInput,
  type Resolution,
  type ResolvedOption,
} from './resolve-options.js';
