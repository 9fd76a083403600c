import type { LogLevelName } from '../log/index.js';
import type { IssuerConfig } from './issuer-config.js';

/**
 * The fully resolved configuration of one `cmf-auth-sidecar` process: every field present,
 * validated and frozen. Durations are milliseconds (`…Ms`), sizes bytes (`…Bytes`). What each
 * flat option means, its default and bounds: `sidecarOptions` or `--help`. `issuers` comes from
 * the JSON file named by `issuersFile`.
 */
export interface SidecarConfig {
  /** The authentication API; always a loopback address (only the gateway in the pod may ask). */
  readonly listen: { readonly host: string; readonly port: number };
  /** `/healthz`, `/readyz`, `/metrics` only, reachable by kubelet probes and Prometheus. */
  readonly admin: { readonly host: string; readonly port: number };
  readonly token: {
    readonly clockToleranceMs: number;
    readonly maxBytes: number;
    /** 0: no limit on the age (`iat`) of a token. */
    readonly maxAgeMs: number;
    /** Required `typ` header (e.g. `at+jwt`); unset: not checked. */
    readonly typ: string | undefined;
    readonly roomsClaim: string;
    readonly queryToken: boolean;
  };
  /** Empty: every Origin is allowed (no browser policy here). */
  readonly origins: { readonly allowed: readonly string[] };
  readonly rateLimit: {
    /** 0: no handshake rate limit. */
    readonly perMinute: number;
    readonly burst: number;
    readonly maxClients: number;
  };
  readonly jwks: {
    readonly cacheMaxAgeMs: number;
    readonly cooldownMs: number;
    readonly timeoutMs: number;
    readonly maxStaleMs: number;
  };
  readonly issuersFile: string;
  /**
   * File with the bearer token callers of the authentication API must present (the operator
   * generates one per ChatGateway); unset: any process that reaches the loopback port may ask.
   */
  readonly clientTokenFile: string | undefined;
  readonly log: { readonly level: LogLevelName };
  readonly issuers: readonly IssuerConfig[];
}

type Leaf = string | number | boolean | readonly string[] | undefined;

/** The dotted path of every leaf (`'listen.host' | 'token.maxBytes' | …`). */
type LeafPath<T> = {
  [K in keyof T & string]: T[K] extends Leaf ? K : `${K}.${LeafPath<T[K]>}`;
}[keyof T & string];

/** Key of every flat option: every leaf of SidecarConfig but `issuers`, which comes from its file. */
export type SidecarOptionKey = LeafPath<Omit<SidecarConfig, 'issuers'>>;
