import { describe, expect, it } from 'vitest';
import { MessengerConfigError } from './config-error.js';
import { parseMessengerConfig, type MessengerConfigInput } from './parse-messenger-config.js';
import { renderHelp } from './render-help.js';
import { messengerOptions } from './messenger-options.js';

const BASE = {
  CMF_MESSENGER_KAFKA_BROKERS: 'k1:9092',
  CMF_MESSENGER_SERVICE_TOKEN: 'a-service-token-of-16+',
};

function input(
  env: Record<string, string>,
  argv: string[] = [],
  files: Record<string, string> = {},
): MessengerConfigInput {
  return {
    env,
    argv,
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error('ENOENT: no such file');
      return text;
    },
  };
}

function problems(config: MessengerConfigInput): readonly string[] {
  try {
    parseMessengerConfig(config);
  } catch (err) {
    if (err instanceof MessengerConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('parseMessengerConfig', () => {
  it('fills every default', () => {
    const config = parseMessengerConfig(input(BASE));
    expect(config).toMatchObject({
      listen: { host: '0.0.0.0', port: 8080 },
      kafka: {
        brokers: ['k1:9092'],
        clientId: 'cmf-messenger-standin',
        topicPrefix: 'cmf',
        sendTimeoutMs: 10_000,
      },
      jwt: {
        issuer: 'cmf-messenger-standin',
        audience: 'cmf-gateway',
        signingKeyFile: undefined,
        clockToleranceMs: 30_000,
      },
      demoTokens: false,
      faultInjection: false,
      serviceToken: { kind: 'value', value: 'a-service-token-of-16+' },
      adminUsers: [],
      limits: { maxBodyBytes: 65536, maxContentLength: 4000 },
      drainTimeoutMs: 10_000,
      logLevel: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lets flags win over variables, in both flag spellings', () => {
    const config = parseMessengerConfig(
      input({ ...BASE, CMF_MESSENGER_LISTEN_PORT: '1', CMF_MESSENGER_TOPIC_PREFIX: 'env' }, [
        '--listen-port',
        '9000',
        '--topic-prefix=flag',
        '--demo-tokens',
        '--drain-timeout',
        '2s',
      ]),
    );
    expect(config.listen.port).toBe(9000);
    expect(config.kafka.topicPrefix).toBe('flag');
    expect(config.demoTokens).toBe(true);
    expect(config.drainTimeoutMs).toBe(2000);
  });

  it('reads the seed file and merges its admins with the option', () => {
    const config = parseMessengerConfig(
      input({ ...BASE, CMF_MESSENGER_SEED_FILE: '/seed.json', CMF_MESSENGER_ADMIN_USERS: 'ops, root' }, [], {
        '/seed.json': JSON.stringify({
          rooms: [{ roomId: 'cr_1', members: ['u1'] }],
          admins: ['ops', 'lead'],
        }),
      }),
    );
    expect(config.seed.rooms).toEqual([{ roomId: 'cr_1', members: ['u1'] }]);
    expect(config.adminUsers).toEqual(['ops', 'root', 'lead']);
  });

  it('reports every problem at once, never echoing a secret', () => {
    const found = problems(
      input(
        {
          CMF_MESSENGER_LISTEN_PORT: '70000',
          CMF_MESSENGER_SERVICE_TOKEN: 'short secret',
          CMF_MESSENGER_DEMO_TOKENS: 'yes',
          CMF_MESSENGER_SEED_FILE: '/missing.json',
          CMF_MESSENGER_KAFKA_SEND_TIMEOUT: 'soon',
        },
        ['--no-such-flag', 'x'],
      ),
    );
    expect(found).toEqual([
      '--no-such-flag: unknown flag (see --help)',
      'x: unknown flag (see --help)',
      'CMF_MESSENGER_LISTEN_PORT="70000": expected 0..65535',
      'CMF_MESSENGER_KAFKA_BROKERS (or --kafka-brokers): required',
      'CMF_MESSENGER_KAFKA_SEND_TIMEOUT="soon": expected a duration such as 500ms, 10s, 5m or 1h',
      'CMF_MESSENGER_DEMO_TOKENS="yes": expected true or false',
      'CMF_MESSENGER_SERVICE_TOKEN=<redacted>: expected 16-4096 printable ASCII characters without spaces',
      'CMF_MESSENGER_SERVICE_TOKEN_FILE (or CMF_MESSENGER_SERVICE_TOKEN): required, the membership API never runs unauthenticated',
      'CMF_MESSENGER_SEED_FILE: cannot read /missing.json (ENOENT: no such file)',
    ]);
  });

  it('refuses both forms of the service token at once', () => {
    expect(problems(input({ ...BASE, CMF_MESSENGER_SERVICE_TOKEN_FILE: '/run/token' }))).toEqual([
      'CMF_MESSENGER_SERVICE_TOKEN and CMF_MESSENGER_SERVICE_TOKEN_FILE are both set: keep one (the file, in a cluster)',
    ]);
    const config = parseMessengerConfig(
      input({ CMF_MESSENGER_KAFKA_BROKERS: 'k:1', CMF_MESSENGER_SERVICE_TOKEN_FILE: '/run/token' }),
    );
    expect(config.serviceToken).toEqual({ kind: 'file', path: '/run/token' });
  });

  it('documents every option in --help with its variable and default', () => {
    const help = renderHelp();
    for (const spec of messengerOptions) {
      expect(help).toContain(spec.flag);
      expect(help).toContain(spec.env);
    }
    expect(help).toContain('[CMF_MESSENGER_KAFKA_BROKERS] (required)');
    expect(help).toContain('[CMF_MESSENGER_LISTEN_PORT] (default: 8080)');
  });
});
