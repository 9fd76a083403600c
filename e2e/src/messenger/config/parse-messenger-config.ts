import type { LogLevelName } from '../log/logger.js';
import { EMPTY_SEED, parseSeed, type Seed } from '../rooms/seed.js';
import { MessengerConfigError } from './config-error.js';
import type { MessengerConfig, ServiceTokenConfig } from './messenger-config.js';
import { messengerOptions } from './messenger-options.js';
import type { OptionValue } from './option-spec.js';
import { resolveOptions, type OptionInput } from './resolve-options.js';

/** The seed file is read through the input too, so tests pass an in-memory file. */
export interface MessengerConfigInput extends OptionInput {
  readonly readFile: (path: string) => string;
}

function serviceToken(values: ReadonlyMap<string, OptionValue>, problems: string[]): ServiceTokenConfig {
  const value = values.get('serviceToken');
  const path = values.get('serviceTokenFile');
  if (typeof value === 'string' && typeof path === 'string') {
    problems.push(
      'CMF_MESSENGER_SERVICE_TOKEN and CMF_MESSENGER_SERVICE_TOKEN_FILE are both set: keep one (the file, in a cluster)',
    );
  } else if (typeof value === 'string') return { kind: 'value', value };
  else if (typeof path === 'string') return { kind: 'file', path };
  else {
    problems.push(
      'CMF_MESSENGER_SERVICE_TOKEN_FILE (or CMF_MESSENGER_SERVICE_TOKEN): required, the membership API never runs unauthenticated',
    );
  }
  return { kind: 'value', value: '' };
}

function seed(
  values: ReadonlyMap<string, OptionValue>,
  readFile: MessengerConfigInput['readFile'],
  problems: string[],
): Seed {
  const path = values.get('seedFile');
  if (typeof path !== 'string') return EMPTY_SEED;
  let text: string;
  try {
    text = readFile(path);
  } catch (err) {
    problems.push(`CMF_MESSENGER_SEED_FILE: cannot read ${path} (${(err as Error).message})`);
    return EMPTY_SEED;
  }
  const parsed = parseSeed(text, path);
  problems.push(...parsed.problems);
  return parsed.seed;
}

/**
 * Resolves the stand-in's configuration: flags, else CMF_MESSENGER_* variables, else defaults,
 * plus the seed file. Throws one MessengerConfigError listing every problem.
 */
export function parseMessengerConfig(input: MessengerConfigInput): MessengerConfig {
  const { values, problems: optionProblems } = resolveOptions(messengerOptions, input);
  const problems = [...optionProblems];
  const token = serviceToken(values, problems);
  const seeded = seed(values, input.readFile, problems);
  if (problems.length > 0) throw new MessengerConfigError(problems);

  // Every option has a default or is required, except the optional strings read below.
  const str = (key: string): string => values.get(key) as string;
  const num = (key: string): number => values.get(key) as number;
  const bool = (key: string): boolean => values.get(key) as boolean;
  const list = (key: string): readonly string[] => values.get(key) as readonly string[];
  const optional = (key: string): string | undefined => values.get(key) as string | undefined;

  return Object.freeze({
    listen: { host: str('listenHost'), port: num('listenPort') },
    kafka: {
      brokers: list('kafkaBrokers'),
      clientId: str('kafkaClientId'),
      topicPrefix: str('topicPrefix'),
      sendTimeoutMs: num('kafkaSendTimeoutMs'),
    },
    jwt: {
      issuer: str('jwtIssuer'),
      audience: str('jwtAudience'),
      signingKeyFile: optional('signingKeyFile'),
      clockToleranceMs: num('clockToleranceMs'),
    },
    demoTokens: bool('demoTokens'),
    serviceToken: token,
    seed: seeded,
    adminUsers: [...new Set([...list('adminUsers'), ...seeded.admins])],
    faultInjection: bool('faultInjection'),
    limits: { maxBodyBytes: num('maxBodyBytes'), maxContentLength: num('maxContentLength') },
    drainTimeoutMs: num('drainTimeoutMs'),
    logLevel: str('logLevel') as LogLevelName,
  });
}
