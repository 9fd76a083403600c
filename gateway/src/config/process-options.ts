import type { LogLevelName } from '../log/index.js';
import {
  OptionType,
  type EnumOption,
  type IntOption,
  type StringOption,
  type ValueFormat,
} from './option-spec.js';
import { ValueFormats } from './value-formats.js';

// Every CMF server process (cmf-gateway, cmf-auth-sidecar) serves one port of its own, an admin
// port and JSON logs, and spells these options alike: `<prefix>LISTEN_HOST` and `--listen-host`
// and so on. Only the env prefix, the defaults and the docs differ between the processes.

type InSection<S extends string, O> = O & { readonly section: S };

/** What a process says about the address and port it serves its own API on. */
export interface ListenParts {
  readonly host: { readonly default: string; readonly format?: ValueFormat; readonly doc: string };
  readonly port: { readonly default: number; readonly doc: string };
}

/** What a process says about its admin server (probes and metrics). */
export interface AdminParts {
  readonly host: { readonly doc: string };
  readonly port: { readonly default: number; readonly doc: string };
}

export interface LogParts {
  /** Appended to the common doc line, for what this process in particular never logs. */
  readonly note?: string;
}

const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const satisfies readonly LogLevelName[];

type Server = 'LISTEN' | 'ADMIN';

function host(envPrefix: string, server: Server, fallback: string, format: ValueFormat, doc: string) {
  return {
    section: 'listen',
    type: OptionType.String,
    env: `${envPrefix}${server}_HOST`,
    flag: `--${server.toLowerCase()}-host`,
    default: fallback,
    format,
    doc,
  } as const satisfies InSection<'listen', StringOption>;
}

function port(envPrefix: string, server: Server, parts: ListenParts['port']) {
  return {
    section: 'listen',
    type: OptionType.Int,
    env: `${envPrefix}${server}_PORT`,
    flag: `--${server.toLowerCase()}-port`,
    default: parts.default,
    min: 0,
    max: 65535,
    doc: parts.doc,
  } as const satisfies InSection<'listen', IntOption>;
}

/** `listen.host` and `listen.port`, in the `listen` section; the host is any host unless `format` narrows it. */
export function listenOptions(envPrefix: string, parts: ListenParts) {
  const format = parts.host.format ?? ValueFormats.host;
  return {
    'listen.host': host(envPrefix, 'LISTEN', parts.host.default, format, parts.host.doc),
    'listen.port': port(envPrefix, 'LISTEN', parts.port),
  };
}

/**
 * `admin.host` and `admin.port`, in the `listen` section. The host defaults to every interface in
 * each process: kubelet probes and Prometheus reach the pod IP, never loopback.
 */
export function adminOptions(envPrefix: string, parts: AdminParts) {
  return {
    'admin.host': host(envPrefix, 'ADMIN', '0.0.0.0', ValueFormats.host, parts.host.doc),
    'admin.port': port(envPrefix, 'ADMIN', parts.port),
  };
}

/** `log.level`, in the `log` section: the logger's levels, `info` by default. */
export function logOptions(envPrefix: string, parts: LogParts = {}) {
  const doc = 'Least severe level written (JSON lines on stderr).';
  return {
    'log.level': {
      section: 'log',
      type: OptionType.Enum,
      env: `${envPrefix}LOG_LEVEL`,
      flag: '--log-level',
      values: LOG_LEVELS,
      default: 'info',
      doc: parts.note === undefined ? doc : `${doc} ${parts.note}`,
    } as const satisfies InSection<'log', EnumOption<LogLevelName>>,
  };
}
