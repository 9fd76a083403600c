import {
  AuthMode,
  KafkaSaslMechanism,
  type GatewayConfig,
  type GatewayOptionKey,
  type ValueAtPath,
} from './gateway-config.js';
import type { OptionOrigin, Resolution } from './resolve-options.js';

export interface ResolvedGatewayValue<K extends GatewayOptionKey> {
  readonly value: ValueAtPath<GatewayConfig, K>;
  readonly origin: OptionOrigin;
  /** `CMF_X=5s`, `--x=5s` or `CMF_X default 5s`, secrets redacted. */
  readonly source: string;
}

/** Typed reads of a resolution; `undefined` for an option that already failed on its own. */
export class GatewayValues {
  constructor(private readonly resolution: Resolution) {}

  get<K extends GatewayOptionKey>(key: K): ResolvedGatewayValue<K> | undefined {
    // The table is keyed by GatewayConfig's leaves and each option's kind is checked against its
    // field's type, so the value at `key` has the field's type.
    return this.resolution.values.get(key) as ResolvedGatewayValue<K> | undefined;
  }
}

/** A check across options; returns one line per problem. Runs only on options that resolved. */
export type ConflictRule = (values: GatewayValues) => readonly string[];

// Binding one of these binds every address of its family, so it collides with any other host.
const WILDCARD_HOSTS: ReadonlySet<string> = new Set(['0.0.0.0', '::', '[::]']);

const distinctPorts: ConflictRule = (values) => {
  const listenPort = values.get('listen.port');
  const adminPort = values.get('admin.port');
  const listenHost = values.get('listen.host');
  const adminHost = values.get('admin.host');
  if (!listenPort || !adminPort || !listenHost || !adminHost) return [];
  // Port 0 asks the OS for a free port, so two zeros never collide.
  if (listenPort.value === 0 || listenPort.value !== adminPort.value) return [];
  const overlap =
    listenHost.value === adminHost.value ||
    WILDCARD_HOSTS.has(listenHost.value) ||
    WILDCARD_HOSTS.has(adminHost.value);
  return overlap
    ? [`listen.port and admin.port must differ (${listenPort.source}, ${adminPort.source})`]
    : [];
};

const retryOrder: ConflictRule = (values) => {
  const initial = values.get('kafka.retry.initialMs');
  const max = values.get('kafka.retry.maxMs');
  if (!initial || !max || max.value >= initial.value) return [];
  return [`kafka.retry.maxMs must be at least kafka.retry.initialMs (${max.source}, ${initial.source})`];
};

// Sockets still open after the close grace are destroyed; that has to happen before the exit deadline.
const drainOrder: ConflictRule = (values) => {
  const timeout = values.get('drain.timeoutMs');
  const grace = values.get('drain.closeGraceMs');
  if (!timeout || !grace || timeout.value > grace.value) return [];
  return [`drain.timeoutMs must exceed drain.closeGraceMs (${timeout.source}, ${grace.source})`];
};

const devSecretRequired: ConflictRule = (values) => {
  const mode = values.get('auth.mode');
  const secret = values.get('auth.devJwtSecret');
  if (mode?.value !== AuthMode.DevHs256 || !secret || secret.value !== undefined) return [];
  return [
    `CMF_DEV_JWT_SECRET (or --dev-jwt-secret) is required when auth.mode is dev-hs256 (${mode.source}): ` +
      'expected a secret of at least 32 bytes',
  ];
};

// In sidecar mode nothing reads these; refusing them stops a dev secret from riding into production
// and stops anyone believing an issuer or audience is being checked when it is not.
const devOnlyOptions: ConflictRule = (values) => {
  const mode = values.get('auth.mode');
  if (mode?.value !== AuthMode.Sidecar) return [];
  const problems: string[] = [];
  for (const key of ['auth.devJwtSecret', 'auth.issuer', 'auth.audience'] as const) {
    const option = values.get(key);
    if (option?.value !== undefined) {
      problems.push(`${option.source}: only allowed when auth.mode is dev-hs256 (${mode.source})`);
    }
  }
  return problems;
};

// Half a SASL setup would fail only at the first connect, far from the mistake; say it at start.
const saslComplete: ConflictRule = (values) => {
  const mechanism = values.get('kafka.sasl.mechanism');
  const files = [values.get('kafka.sasl.usernameFile'), values.get('kafka.sasl.passwordFile')];
  if (!mechanism || files.some((file) => file === undefined)) return [];
  const given = files.filter((file) => file?.value !== undefined);
  if (mechanism.value === KafkaSaslMechanism.None) {
    return given.map((file) => `${file?.source ?? ''}: needs kafka.sasl.mechanism (${mechanism.source})`);
  }
  return given.length === 2
    ? []
    : [
        `CMF_KAFKA_USERNAME_FILE and CMF_KAFKA_PASSWORD_FILE are both required when kafka.sasl.mechanism is ` +
          `${mechanism.value} (${mechanism.source})`,
      ];
};

const caNeedsTls: ConflictRule = (values) => {
  const tls = values.get('kafka.tls.enabled');
  const ca = values.get('kafka.tls.caFile');
  if (!tls || !ca || ca.value === undefined || tls.value) return [];
  return [`${ca.source}: needs kafka.tls.enabled (${tls.source})`];
};

// A token for an API nobody calls is a configuration mistake (usually a missing URL).
const membershipTokenNeedsUrl: ConflictRule = (values) => {
  const url = values.get('membership.url');
  const token = values.get('membership.tokenFile');
  if (!url || !token || token.value === undefined || url.value !== undefined) return [];
  return [`${token.source}: needs membership.url (CMF_MEMBERSHIP_URL)`];
};

/** Every cross-option rule of `cmf-gateway`, in the order their problems are reported. */
export const gatewayConflicts: readonly ConflictRule[] = [
  distinctPorts,
  retryOrder,
  drainOrder,
  devSecretRequired,
  devOnlyOptions,
  saslComplete,
  caNeedsTls,
  membershipTokenNeedsUrl,
];
