import type { GatewayConfig } from './gateway-config.js';
import { gatewayOptions } from './gateway-options.js';
import { OptionType } from './option-spec.js';
import { REDACTED } from './option-value.js';

/**
 * A copy of `config` safe to log at startup: every secret option (from the table, so a new one is
 * covered without touching this) that has a value reads `<redacted>`.
 */
export function redactGatewayConfig(config: GatewayConfig): GatewayConfig {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const option of gatewayOptions) {
    if (option.type !== OptionType.String || option.secret !== true) continue;
    const path = option.key.split('.');
    const leaf = path.pop() ?? option.key;
    let node = copy;
    for (const part of path) node = node[part] as Record<string, unknown>;
    if (node[leaf] !== undefined) node[leaf] = REDACTED;
  }
  return copy as unknown as GatewayConfig;
}
