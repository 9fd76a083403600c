import type { LogLevelName } from '../log/logger.js';
import type { Seed } from '../rooms/seed.js';

/** Where the membership API's service token comes from: exactly one of the two. */
export type ServiceTokenConfig =
  { readonly kind: 'value'; readonly value: string } | { readonly kind: 'file'; readonly path: string };

/** The whole configuration of `cmf-messenger-standin`, resolved and validated once at start. */
export interface MessengerConfig {
  readonly listen: { readonly host: string; readonly port: number };
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly clientId: string;
    readonly topicPrefix: string;
    readonly sendTimeoutMs: number;
  };
  readonly jwt: {
    readonly issuer: string;
    readonly audience: string;
    readonly signingKeyFile: string | undefined;
    readonly clockToleranceMs: number;
  };
  readonly demoTokens: boolean;
  readonly serviceToken: ServiceTokenConfig;
  /** The seed file, already read and validated. */
  readonly seed: Seed;
  /** Admins from the option and the seed file. */
  readonly adminUsers: readonly string[];
  readonly faultInjection: boolean;
  readonly limits: { readonly maxBodyBytes: number; readonly maxContentLength: number };
  readonly drainTimeoutMs: number;
  readonly logLevel: LogLevelName;
}
