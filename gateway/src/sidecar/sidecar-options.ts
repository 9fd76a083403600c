import { OptionType, type OptionSection, type OptionSpec } from '../config/option-spec.js';
import { optionTable, type OptionDefinitionFor } from '../config/option-table.js';
import { adminOptions, listenOptions, logOptions } from '../config/process-options.js';
import { ValueFormats } from '../config/value-formats.js';
import type { ValueAtPath } from '../config/gateway-config.js';
import { isLoopbackHost } from './loopback.js';
import type { SidecarConfig, SidecarOptionKey } from './sidecar-config.js';

/** Every sidecar variable starts with this, so the gateway's own `CMF_*` variables never clash. */
export const SIDECAR_ENV_PREFIX = 'CMF_SIDECAR_';

/** Help sections, in display order. */
export const sidecarSections = [
  { id: 'listen', title: 'Listening' },
  { id: 'issuers', title: 'Issuers and keys' },
  { id: 'token', title: 'Token checks' },
  { id: 'policy', title: 'Handshake policy (Origin, rate limit)' },
  { id: 'jwks', title: 'JWKS fetching' },
  { id: 'log', title: 'Logging' },
] as const satisfies readonly OptionSection[];
type SidecarSection = (typeof sidecarSections)[number]['id'];

type DefinitionFor<V> = OptionDefinitionFor<V, SidecarSection>;

const DAY_MS = 86_400_000;

// Keyed by every flat leaf of SidecarConfig: a field without an option, or an option without a
// field, does not compile. Env names are CMF_SIDECAR_*; durations take units and have no _MS.
const definitions: {
  readonly [K in SidecarOptionKey]: DefinitionFor<ValueAtPath<SidecarConfig, K>>;
} = {
  ...listenOptions(SIDECAR_ENV_PREFIX, {
    host: {
      default: '127.0.0.1',
      format: {
        test: isLoopbackHost,
        expected:
          'a loopback address (127.0.0.1, ::1 or localhost): the sidecar tells anyone who can reach it who a ' +
          'token belongs to, so only the gateway in its pod may reach it',
      },
      doc: 'Loopback address of the authentication API (the gateway calls it in the same pod).',
    },
    port: { default: 8081, doc: 'Port of the authentication API (0 picks a free port, for tests).' },
  }),
  ...adminOptions(SIDECAR_ENV_PREFIX, {
    host: {
      doc: 'Address of /healthz, /readyz and /metrics only (kubelet probes and Prometheus use the pod IP).',
    },
    port: {
      default: 9091,
      doc: 'Port of the probes and metrics; the authentication API is never served here.',
    },
  }),

  clientTokenFile: {
    section: 'listen',
    type: OptionType.String,
    env: 'CMF_SIDECAR_CLIENT_TOKEN_FILE',
    flag: '--client-token-file',
    format: ValueFormats.absolutePath,
    doc: 'File with the bearer token the gateway must send; unset: the loopback address alone guards the API.',
  },
  issuersFile: {
    section: 'issuers',
    type: OptionType.String,
    env: 'CMF_SIDECAR_ISSUERS_FILE',
    flag: '--issuers-file',
    required: true,
    format: ValueFormats.text,
    doc:
      'JSON file: [{ "issuer", "audience", one of "jwksUrl" | "publicKeyFiles" | "hs256SecretFile", ' +
      '"algorithms"?, "roomsClaim"? }] (see src/sidecar/API.md).',
  },

  'token.clockToleranceMs': {
    section: 'token',
    type: OptionType.DurationMs,
    env: 'CMF_SIDECAR_CLOCK_TOLERANCE',
    flag: '--clock-tolerance',
    default: 30_000,
    min: 0,
    max: 300_000,
    doc: 'Clock skew allowed when checking exp, nbf and iat.',
  },
  'token.maxBytes': {
    section: 'token',
    type: OptionType.Bytes,
    env: 'CMF_SIDECAR_MAX_TOKEN_BYTES',
    flag: '--max-token-bytes',
    default: 8192,
    min: 256,
    max: 65536,
    doc: 'Longer tokens are refused before they are parsed.',
  },
  'token.maxAgeMs': {
    section: 'token',
    type: OptionType.DurationMs,
    env: 'CMF_SIDECAR_MAX_TOKEN_AGE',
    flag: '--max-token-age',
    default: 0,
    min: 0,
    max: 30 * DAY_MS,
    doc: 'Refuse tokens issued (iat) longer ago than this; iat becomes required. 0: no limit.',
  },
  'token.typ': {
    section: 'token',
    type: OptionType.String,
    env: 'CMF_SIDECAR_TYP',
    flag: '--typ',
    format: {
      test: (value) => /^[\x21-\x7e]{1,64}$/.test(value),
      expected: 'a media type such as JWT or at+jwt',
    },
    doc: 'Required "typ" header (e.g. at+jwt, RFC 9068); unset: not checked.',
  },
  'token.roomsClaim': {
    section: 'token',
    type: OptionType.String,
    env: 'CMF_SIDECAR_ROOMS_CLAIM',
    flag: '--rooms-claim',
    default: 'rooms',
    format: ValueFormats.claimName,
    doc: 'Claim (an array of room ids) listing the rooms the token itself grants; an issuer may override it.',
  },
  'token.queryToken': {
    section: 'token',
    type: OptionType.Boolean,
    env: 'CMF_SIDECAR_QUERY_TOKEN',
    flag: '--query-token',
    default: false,
    doc: 'Also accept ?access_token= (URLs end up in access logs: keep off unless a client needs it).',
  },

  'origins.allowed': {
    section: 'policy',
    type: OptionType.List,
    env: 'CMF_SIDECAR_ALLOWED_ORIGINS',
    flag: '--allowed-origins',
    default: [],
    item: ValueFormats.origins,
    doc: 'Browser origins allowed to connect (exact match). Empty: no Origin check. No Origin: not a browser, allowed.',
  },
  'rateLimit.perMinute': {
    section: 'policy',
    type: OptionType.Int,
    env: 'CMF_SIDECAR_RATE_LIMIT_PER_MINUTE',
    flag: '--rate-limit-per-minute',
    default: 120,
    min: 0,
    max: 1_000_000,
    doc: 'Handshakes per minute per client address (IPv6: per /64), refilled continuously. 0: no limit.',
  },
  'rateLimit.burst': {
    section: 'policy',
    type: OptionType.Int,
    env: 'CMF_SIDECAR_RATE_LIMIT_BURST',
    flag: '--rate-limit-burst',
    default: 30,
    min: 1,
    max: 1_000_000,
    doc: 'Handshakes a client address may make at once before the per-minute rate applies.',
  },
  'rateLimit.maxClients': {
    section: 'policy',
    type: OptionType.Int,
    env: 'CMF_SIDECAR_RATE_LIMIT_MAX_CLIENTS',
    flag: '--rate-limit-max-clients',
    default: 100_000,
    min: 1,
    max: 10_000_000,
    doc: 'Client addresses tracked at most; the least recently seen is forgotten first.',
  },

  'jwks.cacheMaxAgeMs': {
    section: 'jwks',
    type: OptionType.DurationMs,
    env: 'CMF_SIDECAR_JWKS_CACHE_MAX_AGE',
    flag: '--jwks-cache-max-age',
    default: 600_000,
    min: 1000,
    max: DAY_MS,
    doc: 'A fetched JWKS is used this long, then fetched again (in the background, and before use).',
  },
  'jwks.cooldownMs': {
    section: 'jwks',
    type: OptionType.DurationMs,
    env: 'CMF_SIDECAR_JWKS_COOLDOWN',
    flag: '--jwks-cooldown',
    default: 30_000,
    min: 100,
    max: 3_600_000,
    doc: 'Least time between two fetches caused by unknown kids or failures (protects the identity provider).',
  },
  'jwks.timeoutMs': {
    section: 'jwks',
    type: OptionType.DurationMs,
    env: 'CMF_SIDECAR_JWKS_TIMEOUT',
    flag: '--jwks-timeout',
    default: 5000,
    min: 100,
    max: 60_000,
    doc: 'Time allowed for one JWKS fetch.',
  },
  'jwks.maxStaleMs': {
    section: 'jwks',
    type: OptionType.DurationMs,
    env: 'CMF_SIDECAR_JWKS_MAX_STALE',
    flag: '--jwks-max-stale',
    default: DAY_MS,
    min: 0,
    max: 30 * DAY_MS,
    doc: 'While the JWKS cannot be fetched, its last keys stay in use this long past their cache age.',
  },

  ...logOptions(SIDECAR_ENV_PREFIX, { note: 'Tokens are never logged.' }),
};

/** Every flat option of `cmf-auth-sidecar`; parsing, defaults and `--help` all come from it. */
export const sidecarOptions: readonly OptionSpec<SidecarOptionKey>[] = optionTable(definitions);
