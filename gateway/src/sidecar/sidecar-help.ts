import { renderHelp } from '../config/render-help.js';
import { sidecarOptions, sidecarSections } from './sidecar-options.js';

const PREAMBLE = [
  'Usage: cmf-auth-sidecar [--option=value ...]',
  '',
  "The pod's authentication authority: the gateway asks it, over loopback HTTP, who each WebSocket",
  'handshake (and each in-band token refresh) belongs to. API: src/sidecar/API.md.',
  '',
  'Each option is read from its --flag, else its CMF_SIDECAR_* environment variable, else its default;',
  'the last of a repeated flag wins, and an empty value counts as unset.',
  'Durations: 250ms, 5s, 5m, 1h or plain milliseconds. Sizes: 8192, 8KiB (or 8Ki).',
  'Lists are comma-separated. Booleans: --flag, --flag=true or --flag=false.',
  '',
  '  -h, --help  Print this help and exit.',
];

/** The `--help` text of `cmf-auth-sidecar`: every option of `sidecarOptions`, grouped by section. */
export function sidecarHelp(): string {
  return renderHelp(PREAMBLE, sidecarSections, sidecarOptions);
}
