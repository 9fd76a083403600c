import { gatewayOptions, gatewaySections } from './gateway-options.js';
import { renderHelp } from './render-help.js';

const PREAMBLE = [
  'Usage: cmf-gateway [--option=value ...]',
  '',
  'Serves the Kafka messages topic as per-room WebSocket streams.',
  '',
  'Each option is read from its --flag, else its CMF_* environment variable, else its default;',
  'the last of a repeated flag wins, and an empty value counts as unset.',
  'Durations: 250ms, 5s, 5m, 1h or plain milliseconds. Sizes: 65536, 64KiB, 1MiB (or 64Ki, 1Mi).',
  'Duration variables take units, so their names have no _MS suffix (CMF_DRAIN_TIMEOUT=25s).',
  'Lists are comma-separated. Booleans: --flag, --flag=true or --flag=false.',
  '',
  '  -h, --help  Print this help and exit.',
];

/** The `--help` text of `cmf-gateway`: every option of `gatewayOptions`, grouped by section. */
export function gatewayHelp(): string {
  return renderHelp(PREAMBLE, gatewaySections, gatewayOptions);
}
