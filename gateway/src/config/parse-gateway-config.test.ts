import { describe, expect, it } from 'vitest';
import { CONFIG_INVALID, ConfigError } from './config-error.js';
import { AuthMode, type GatewayConfig, type GatewayOptionKey } from './gateway-config.js';
import { gatewayOptions } from './gateway-options.js';
import { parseGatewayConfig, type GatewayConfigInput } from './parse-gateway-config.js';

const BROKERS = 'kafka-0:9092,kafka-1:9092';
const SECRET = 'correct-horse-battery-staple-0123456789';

function parse(env: Record<string, string | undefined>, argv: readonly string[] = []): GatewayConfig {
  return parseGatewayConfig({ env: { CMF_KAFKA_BROKERS: BROKERS, ...env }, argv, hostname: 'gw-0' });
}

/** The problems of the ConfigError `run` throws (fails the test if it does not throw one). */
function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

function valueAt(config: GatewayConfig, key: string): unknown {
  let node: unknown = config;
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  return node;
}

const DEFAULTS: GatewayConfig = {
  listen: { host: '0.0.0.0', port: 8080 },
  admin: { host: '0.0.0.0', port: 9090 },
  proxies: { trusted: [] },
  websocket: { path: '/connection/websocket' },
  kafka: {
    brokers: ['kafka-0:9092', 'kafka-1:9092'],
    clientId: 'cmf-gateway',
    topicPrefix: 'cmf',
    groupPrefix: 'cmf-gateway',
    connectTimeoutMs: 10_000,
    retry: { initialMs: 300, maxMs: 30_000 },
    maxConsumerRestarts: 5,
    sasl: { mechanism: 'none', usernameFile: undefined, passwordFile: undefined },
    tls: { enabled: false, caFile: undefined },
  },
  topics: {
    messages: 'cmf.messages',
    events: 'cmf.events',
    signals: 'cmf.signals',
    receipts: 'cmf.receipts',
    dlq: 'cmf.dlq',
  },
  pod: { name: 'gw-0', namespace: 'default' },
  auth: {
    mode: 'sidecar',
    devJwtSecret: undefined,
    sidecarUrl: 'http://127.0.0.1:8081',
    sidecarTimeoutMs: 1000,
    sidecarTokenFile: undefined,
    roomsClaim: 'rooms',
    allowedOrigins: [],
    issuer: undefined,
    audience: undefined,
  },
  membership: {
    url: undefined,
    timeoutMs: 500,
    tokenFile: undefined,
    cacheTtlMs: 30_000,
    denyTtlMs: 10_000,
    staleTtlMs: 300_000,
    cacheMaxEntries: 100_000,
    revocationTtlMs: 3_600_000,
    breaker: { errorPercent: 50, volumeThreshold: 10, resetTimeoutMs: 10_000 },
  },
  limits: {
    maxFrameBytes: 65_536,
    maxSubscriptions: 128,
    maxRoomsPerFrame: 64,
    commandsPerSecond: 20,
    commandBurst: 40,
    floodCloseAfter: 50,
    maxConnections: 20_000,
    outboundHighWaterBytes: 1_048_576,
    typingPerSecond: 2,
  },
  heartbeat: { intervalMs: 25_000, timeoutMs: 10_000 },
  history: { maxMessagesPerRoom: 100, maxAgeMs: 300_000, maxBytes: 67_108_864 },
  dedupe: { windowSize: 10_000 },
  drain: { timeoutMs: 25_000, closeGraceMs: 5000 },
  receipts: { batchMaxSize: 500, batchMaxDelayMs: 200 },
  log: { level: 'info' },
};

// A non-default value for every option (raw text, resolved value), consistent with each other
// (dev-hs256 mode, distinct ports, drain timeout above grace). Keyed by GatewayOptionKey so a
// new option without a sample does not compile.
const SAMPLES: Readonly<Record<GatewayOptionKey, readonly [string, unknown]>> = {
  'listen.host': ['127.0.0.1', '127.0.0.1'],
  'listen.port': ['8000', 8000],
  'admin.host': ['::', '::'],
  'admin.port': ['9000', 9000],
  'proxies.trusted': ['10.0.0.0/8, fd00::/8', ['10.0.0.0/8', 'fd00::/8']],
  'websocket.path': ['/ws', '/ws'],
  'kafka.brokers': [
    'a:1, [::1]:9092 ,10.0.0.1:9093,kafka_1:29092',
    ['a:1', '[::1]:9092', '10.0.0.1:9093', 'kafka_1:29092'],
  ],
  'kafka.clientId': ['gw', 'gw'],
  'kafka.topicPrefix': ['prod.chat', 'prod.chat'],
  'kafka.groupPrefix': ['gw-group', 'gw-group'],
  'kafka.connectTimeoutMs': ['2s', 2000],
  'kafka.retry.initialMs': ['100ms', 100],
  'kafka.retry.maxMs': ['1m', 60_000],
  'kafka.maxConsumerRestarts': ['0', 0],
  'kafka.sasl.mechanism': ['SCRAM-SHA-512', 'SCRAM-SHA-512'],
  'kafka.sasl.usernameFile': ['/var/run/secrets/kafka/username', '/var/run/secrets/kafka/username'],
  'kafka.sasl.passwordFile': ['/var/run/secrets/kafka/password', '/var/run/secrets/kafka/password'],
  'kafka.tls.enabled': ['true', true],
  'kafka.tls.caFile': ['/var/run/secrets/kafka-ca/ca.crt', '/var/run/secrets/kafka-ca/ca.crt'],
  'pod.name': ['cmf-gateway-7f9c-abcde', 'cmf-gateway-7f9c-abcde'],
  'pod.namespace': ['chat', 'chat'],
  'auth.mode': ['dev-hs256', 'dev-hs256'],
  'auth.devJwtSecret': [SECRET, SECRET],
  'auth.sidecarUrl': ['https://auth.local:8443/v1', 'https://auth.local:8443/v1'],
  'auth.sidecarTimeoutMs': ['250ms', 250],
  'auth.sidecarTokenFile': ['/var/run/secrets/cmf/token', '/var/run/secrets/cmf/token'],
  'auth.roomsClaim': ['https://cmf.example/rooms', 'https://cmf.example/rooms'],
  'auth.allowedOrigins': [
    'https://chat.example.com,http://localhost:3000',
    ['https://chat.example.com', 'http://localhost:3000'],
  ],
  'auth.issuer': ['https://issuer.example', 'https://issuer.example'],
  'auth.audience': ['cmf', 'cmf'],
  'membership.url': ['https://messenger.chat.svc:8443', 'https://messenger.chat.svc:8443'],
  'membership.timeoutMs': ['2s', 2000],
  'membership.tokenFile': ['/var/run/secrets/membership/token', '/var/run/secrets/membership/token'],
  'membership.cacheTtlMs': ['1m', 60_000],
  'membership.denyTtlMs': ['1s', 1000],
  'membership.staleTtlMs': ['0', 0],
  'membership.cacheMaxEntries': ['5000', 5000],
  'membership.revocationTtlMs': ['2h', 7_200_000],
  'membership.breaker.errorPercent': ['25', 25],
  'membership.breaker.volumeThreshold': ['3', 3],
  'membership.breaker.resetTimeoutMs': ['30s', 30_000],
  'limits.maxFrameBytes': ['1MiB', 1_048_576],
  'limits.maxSubscriptions': ['10', 10],
  'limits.maxRoomsPerFrame': ['5', 5],
  'limits.commandsPerSecond': ['100', 100],
  'limits.commandBurst': ['200', 200],
  'limits.floodCloseAfter': ['3', 3],
  'limits.maxConnections': ['500', 500],
  'limits.outboundHighWaterBytes': ['256KiB', 262_144],
  'limits.typingPerSecond': ['5', 5],
  'heartbeat.intervalMs': ['30s', 30_000],
  'heartbeat.timeoutMs': ['5000', 5000],
  'history.maxMessagesPerRoom': ['1', 1],
  'history.maxAgeMs': ['1h', 3_600_000],
  'history.maxBytes': ['1GiB', 1_073_741_824],
  'dedupe.windowSize': ['50000', 50_000],
  'drain.timeoutMs': ['20s', 20_000],
  'drain.closeGraceMs': ['0', 0],
  'receipts.batchMaxSize': ['1000', 1000],
  'receipts.batchMaxDelayMs': ['0ms', 0],
  'log.level': ['debug', 'debug'],
};

function sample(key: GatewayOptionKey): readonly [string, unknown] {
  return SAMPLES[key];
}

describe('parseGatewayConfig: defaults', () => {
  it('resolves every field with only CMF_KAFKA_BROKERS set', () => {
    expect(
      parseGatewayConfig({ env: { CMF_KAFKA_BROKERS: BROKERS }, argv: [], hostname: 'gw-0' }),
    ).toStrictEqual(DEFAULTS);
  });

  it('is deeply frozen', () => {
    const config = parse({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.kafka.retry)).toBe(true);
    expect(Object.isFrozen(config.kafka.brokers)).toBe(true);
    expect(Object.isFrozen(config.topics)).toBe(true);
  });

  it('derives the topic names from the prefix', () => {
    expect(parse({ CMF_KAFKA_TOPIC_PREFIX: 'tenant-a' }).topics).toStrictEqual({
      messages: 'tenant-a.messages',
      events: 'tenant-a.events',
      signals: 'tenant-a.signals',
      receipts: 'tenant-a.receipts',
      dlq: 'tenant-a.dlq',
    });
  });

  it('takes the pod name from CMF_POD_NAME over the host name, and requires one of them', () => {
    expect(parse({ CMF_POD_NAME: 'gw-1' }).pod.name).toBe('gw-1');
    expect(problemsOf(() => parseGatewayConfig({ env: { CMF_KAFKA_BROKERS: BROKERS }, argv: [] }))).toEqual([
      'CMF_POD_NAME (or --pod-name) is required: expected a pod name (from the Downward API metadata.name)',
    ]);
  });
});

describe('parseGatewayConfig: every option', () => {
  it('has a sample that differs from the default (so the tests below prove something)', () => {
    for (const option of gatewayOptions) {
      expect(sample(option.key)[1], option.key).not.toStrictEqual(valueAt(DEFAULTS, option.key));
    }
  });

  it('reads every option from its env var', () => {
    const env = Object.fromEntries(gatewayOptions.map((o) => [o.env, sample(o.key)[0]]));
    const config = parseGatewayConfig({ env, argv: [] });
    for (const option of gatewayOptions)
      expect(valueAt(config, option.key), option.env).toStrictEqual(sample(option.key)[1]);
    expect(config.topics.messages).toBe('prod.chat.messages');
  });

  it('reads every option from its flag', () => {
    const argv = gatewayOptions.map((o) => `${o.flag}=${sample(o.key)[0]}`);
    const config = parseGatewayConfig({ env: {}, argv });
    for (const option of gatewayOptions)
      expect(valueAt(config, option.key), option.flag).toStrictEqual(sample(option.key)[1]);
  });

  it('lets every flag override its env var', () => {
    // Options that need another option's non-default value are left out: the flags set the mode
    // back to sidecar (which refuses dev-only options), SASL back to none and TLS back to off.
    const devOnly = new Set([
      'auth.devJwtSecret',
      'auth.issuer',
      'auth.audience',
      'kafka.sasl.usernameFile',
      'kafka.sasl.passwordFile',
      'kafka.tls.caFile',
    ]);
    const env = Object.fromEntries(
      gatewayOptions.filter((o) => !devOnly.has(o.key)).map((o) => [o.env, sample(o.key)[0]]),
    );
    const argv = gatewayOptions.flatMap((o) => {
      const fallback = o.default;
      if (fallback === undefined || typeof fallback === 'object') return [];
      return [`${o.flag}=${String(fallback)}`];
    });
    const config = parseGatewayConfig({ env, argv });
    expect(config.listen.port).toBe(8080);
    expect(config.limits.maxFrameBytes).toBe(65_536);
    expect(config.auth.mode).toBe(AuthMode.Sidecar);
    expect(config.log.level).toBe('info');
    expect(config.drain).toStrictEqual({ timeoutMs: 25_000, closeGraceMs: 5000 });
    // Options without a static default keep their env value.
    expect(config.kafka.brokers).toStrictEqual(sample('kafka.brokers')[1]);
  });

  it('narrows the auth config by mode', () => {
    const config = parse({ CMF_AUTH_MODE: 'dev-hs256', CMF_DEV_JWT_SECRET: SECRET });
    if (config.auth.mode !== AuthMode.DevHs256) throw new Error('expected dev-hs256');
    const secret: string = config.auth.devJwtSecret;
    expect(secret).toBe(SECRET);
  });
});

describe('parseGatewayConfig: errors', () => {
  it('reports every problem at once, one per line, in a ConfigError', () => {
    let error: unknown;
    try {
      parseGatewayConfig({
        env: {
          CMF_KAFKA_BROKERS: 'kafka-0:9092,kafka-1',
          CMF_MAX_FRAME_BYTES: 'abc',
          CMF_MAX_FRAM_BYTES: '1',
          CMF_HISTORY_MAX_MESSAGES_PER_ROOM: '0',
          CMF_AUTH_MODE: 'dev-hs256',
          CMF_DRAIN_TIMEOUT: '5s',
          CMF_LISTEN_PORT: '9090',
          CMF_INSTANCE: 'dev',
        },
        argv: ['--foo', '--log-level=loud'],
        hostname: 'gw-0',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: CONFIG_INVALID, retryable: false, name: 'ConfigError' });
    expect((error as ConfigError).message).toBe(
      [
        'invalid configuration (9 problems):',
        '  unknown flag --foo',
        '  CMF_MAX_FRAM_BYTES is not a known option; did you mean CMF_MAX_FRAME_BYTES?',
        '  CMF_KAFKA_BROKERS=kafka-0:9092,kafka-1: bad entry "kafka-1"; expected a comma-separated list of host:port (e.g. kafka-0:9092,kafka-1:9092)',
        '  CMF_MAX_FRAME_BYTES=abc: expected a size in bytes (e.g. 65536 or 64KiB)',
        '  CMF_HISTORY_MAX_MESSAGES_PER_ROOM=0: expected an integer between 1 and 100000',
        '  --log-level=loud: expected one of error, warn, info, debug',
        '  listen.port and admin.port must differ (CMF_LISTEN_PORT=9090, CMF_ADMIN_PORT default 9090)',
        '  drain.timeoutMs must exceed drain.closeGraceMs (CMF_DRAIN_TIMEOUT=5s, CMF_DRAIN_CLOSE_GRACE default 5s)',
        '  CMF_DEV_JWT_SECRET (or --dev-jwt-secret) is required when auth.mode is dev-hs256 (CMF_AUTH_MODE=dev-hs256): expected a secret of at least 32 bytes',
      ].join('\n'),
    );
  });

  it('says "1 problem" for one', () => {
    expect(() => parse({ CMF_LISTEN_PORT: '70000' })).toThrow(
      'invalid configuration (1 problem):\n  CMF_LISTEN_PORT=70000: expected an integer between 0 and 65535',
    );
  });

  it('requires the brokers', () => {
    expect(problemsOf(() => parseGatewayConfig({ env: {}, argv: [], hostname: 'gw-0' }))).toEqual([
      'CMF_KAFKA_BROKERS (or --kafka-brokers) is required: expected a comma-separated list of host:port (e.g. kafka-0:9092,kafka-1:9092)',
    ]);
    expect(
      problemsOf(() => parseGatewayConfig({ env: { CMF_KAFKA_BROKERS: ' , ' }, argv: [], hostname: 'gw-0' })),
    ).toEqual([
      'CMF_KAFKA_BROKERS (or --kafka-brokers) is required: expected a comma-separated list of host:port (e.g. kafka-0:9092,kafka-1:9092)',
    ]);
  });

  it.each([
    [
      'CMF_KAFKA_BROKERS',
      'kafka:0,kafka:65536,:9092,[::1]:9092',
      'bad entries "kafka:0", "kafka:65536", ":9092"; expected a comma-separated list of host:port (e.g. kafka-0:9092,kafka-1:9092)',
    ],
    [
      'CMF_KAFKA_BROKERS',
      'kafka',
      'bad entry "kafka"; expected a comma-separated list of host:port (e.g. kafka-0:9092,kafka-1:9092)',
    ],
    ['CMF_LISTEN_HOST', 'not a host', 'expected a host name or IP address (e.g. 0.0.0.0)'],
    ['CMF_WEBSOCKET_PATH', 'ws', 'expected a URL path starting with / (e.g. /connection/websocket)'],
    ['CMF_WEBSOCKET_PATH', '/ws?x=1', 'expected a URL path starting with / (e.g. /connection/websocket)'],
    ['CMF_KAFKA_TOPIC_PREFIX', 'chat/prod', 'expected at most 240 letters, digits, ".", "_" or "-"'],
    ['CMF_KAFKA_CONNECT_TIMEOUT', '1ms', 'expected a duration between 100ms and 5m'],
    ['CMF_POD_NAMESPACE', 'Chat', 'expected a namespace name (a DNS label, e.g. chat)'],
    ['CMF_AUTH_MODE', 'jwt', 'expected one of sidecar, dev-hs256'],
    [
      'CMF_AUTH_SIDECAR_URL',
      'unix:/run/auth.sock',
      'expected an http:// or https:// URL (e.g. http://127.0.0.1:8081)',
    ],
    [
      'CMF_AUTH_ALLOWED_ORIGINS',
      'https://a.example,https://b.example/,b.example',
      'bad entries "https://b.example/", "b.example"; expected a comma-separated list of origins (e.g. https://chat.example.com,http://localhost:3000)',
    ],
    ['CMF_MAX_FRAME_BYTES', '512', 'expected a size between 1KiB and 16MiB'],
    ['CMF_MAX_FRAME_BYTES', '32MiB', 'expected a size between 1KiB and 16MiB'],
    ['CMF_MAX_FRAME_BYTES', '64KB', 'expected a size in bytes (e.g. 65536 or 64KiB)'],
    ['CMF_HEARTBEAT_INTERVAL', 'often', 'expected a duration (e.g. 250ms, 5s, 5m or plain milliseconds)'],
    ['CMF_LOG_LEVEL', 'trace', 'expected one of error, warn, info, debug'],
  ])('%s=%s', (name, value, expected) => {
    expect(problemsOf(() => parse({ [name]: value }))).toEqual([`${name}=${value}: ${expected}`]);
  });

  it('names the flag when the bad value came from one', () => {
    expect(problemsOf(() => parse({ CMF_MAX_FRAME_BYTES: '64KiB' }, ['--max-frame-bytes', 'abc']))).toEqual([
      '--max-frame-bytes=abc: expected a size in bytes (e.g. 65536 or 64KiB)',
    ]);
  });

  it('rejects likely typos of CMF_ variables, including a _MS suffix on a duration', () => {
    expect(
      problemsOf(() =>
        parse({
          CMF_DRAIN_TIMEOUT_MS: '5000',
          CMF_LISTEN_PROT: '1',
          CMF_SOMETHING_ELSE: 'x',
          LISTEN_PORT: '1',
        }),
      ),
    ).toEqual([
      'CMF_DRAIN_TIMEOUT_MS is not a known option; did you mean CMF_DRAIN_TIMEOUT?',
      'CMF_LISTEN_PROT is not a known option; did you mean CMF_LISTEN_PORT?',
    ]);
  });

  it('rejects unknown flags, suggesting a near one', () => {
    expect(problemsOf(() => parse({}, ['--max-fram-bytes=1MiB', '--foo']))).toEqual([
      'unknown flag --max-fram-bytes; did you mean --max-frame-bytes?',
      'unknown flag --foo',
    ]);
  });

  it('requires the retry maximum to be at least the initial delay', () => {
    expect(problemsOf(() => parse({ CMF_KAFKA_RETRY_INITIAL: '1s' }, ['--kafka-retry-max=500ms']))).toEqual([
      'kafka.retry.maxMs must be at least kafka.retry.initialMs (--kafka-retry-max=500ms, CMF_KAFKA_RETRY_INITIAL=1s)',
    ]);
    expect(parse({ CMF_KAFKA_RETRY_INITIAL: '1s', CMF_KAFKA_RETRY_MAX: '1000' }).kafka.retry).toStrictEqual({
      initialMs: 1000,
      maxMs: 1000,
    });
  });

  it('requires the drain timeout to exceed the close grace', () => {
    expect(problemsOf(() => parse({ CMF_DRAIN_CLOSE_GRACE: '25s' }))).toEqual([
      'drain.timeoutMs must exceed drain.closeGraceMs (CMF_DRAIN_TIMEOUT default 25s, CMF_DRAIN_CLOSE_GRACE=25s)',
    ]);
  });

  it('allows equal ports only when they cannot collide', () => {
    expect(parse({ CMF_LISTEN_PORT: '0', CMF_ADMIN_PORT: '0' }).listen.port).toBe(0);
    expect(
      parse({ CMF_LISTEN_HOST: '10.0.0.1', CMF_ADMIN_HOST: '127.0.0.1', CMF_ADMIN_PORT: '8080' }).admin.port,
    ).toBe(8080);
    expect(
      problemsOf(() =>
        parse({ CMF_LISTEN_HOST: '127.0.0.1', CMF_ADMIN_HOST: '127.0.0.1', CMF_ADMIN_PORT: '8080' }),
      ),
    ).toEqual(['listen.port and admin.port must differ (CMF_LISTEN_PORT default 8080, CMF_ADMIN_PORT=8080)']);
    expect(problemsOf(() => parse({ CMF_LISTEN_HOST: '127.0.0.1' }, ['--admin-port=8080']))).toEqual([
      'listen.port and admin.port must differ (CMF_LISTEN_PORT default 8080, --admin-port=8080)',
    ]);
  });

  it('refuses dev-only auth options in sidecar mode', () => {
    expect(
      problemsOf(() =>
        parse({ CMF_DEV_JWT_SECRET: SECRET, CMF_AUTH_ISSUER: 'https://issuer.example' }, [
          '--auth-audience=cmf',
        ]),
      ),
    ).toEqual([
      'CMF_DEV_JWT_SECRET=<redacted>: only allowed when auth.mode is dev-hs256 (CMF_AUTH_MODE default sidecar)',
      'CMF_AUTH_ISSUER=https://issuer.example: only allowed when auth.mode is dev-hs256 (CMF_AUTH_MODE default sidecar)',
      '--auth-audience=cmf: only allowed when auth.mode is dev-hs256 (CMF_AUTH_MODE default sidecar)',
    ]);
  });

  it('requires a dev secret of at least 32 bytes in dev-hs256 mode', () => {
    expect(
      problemsOf(() => parse({ CMF_AUTH_MODE: 'dev-hs256', CMF_DEV_JWT_SECRET: 'short-secret' })),
    ).toEqual(['CMF_DEV_JWT_SECRET=<redacted>: expected a secret of at least 32 bytes']);
    expect(
      problemsOf(() => parse({}, ['--auth-mode', 'dev-hs256', '--dev-jwt-secret', 'short-secret'])),
    ).toEqual(['--dev-jwt-secret=<redacted>: expected a secret of at least 32 bytes']);
    const config = parse({ CMF_AUTH_MODE: 'dev-hs256', CMF_DEV_JWT_SECRET: 'é'.repeat(16) });
    expect(config.auth.devJwtSecret).toBe('é'.repeat(16));
  });

  it('never prints the secret', () => {
    const secrets = ['short-secret', SECRET, ' padded secret value that is long enough '];
    const inputs: GatewayConfigInput[] = secrets.flatMap((secret) => [
      { env: { CMF_KAFKA_BROKERS: BROKERS, CMF_DEV_JWT_SECRET: secret }, argv: [], hostname: 'gw-0' },
      {
        env: { CMF_KAFKA_BROKERS: BROKERS, CMF_AUTH_MODE: 'dev-hs256' },
        argv: [`--dev-jwt-secret=${secret}`, '--x'],
      },
      { env: { CMF_DEV_JWT_SECRT: secret }, argv: ['--dev-jwt-secrt', secret, '--auth-mode=dev-hs256'] },
    ]);
    for (const input of inputs) {
      const message = problemsOf(() => parseGatewayConfig(input)).join('\n');
      for (const secret of secrets) expect(message).not.toContain(secret.trim());
    }
  });
});

describe('parseGatewayConfig: Kafka security and membership', () => {
  const USER = '/var/run/secrets/kafka/username';
  const PASSWORD = '/var/run/secrets/kafka/password';

  it('accepts a complete SASL setup with TLS and a CA', () => {
    const config = parse({
      CMF_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
      CMF_KAFKA_USERNAME_FILE: USER,
      CMF_KAFKA_PASSWORD_FILE: PASSWORD,
      CMF_KAFKA_TLS: 'true',
      CMF_KAFKA_CA_FILE: '/etc/kafka-ca/ca.crt',
    });
    expect(config.kafka.sasl).toStrictEqual({
      mechanism: 'SCRAM-SHA-256',
      usernameFile: USER,
      passwordFile: PASSWORD,
    });
    expect(config.kafka.tls).toStrictEqual({ enabled: true, caFile: '/etc/kafka-ca/ca.crt' });
  });

  it('refuses half a SASL setup, credentials without a mechanism and a CA without TLS', () => {
    expect(
      problemsOf(() => parse({ CMF_KAFKA_SASL_MECHANISM: 'PLAIN', CMF_KAFKA_USERNAME_FILE: USER })),
    ).toEqual([
      'CMF_KAFKA_USERNAME_FILE and CMF_KAFKA_PASSWORD_FILE are both required when kafka.sasl.mechanism is PLAIN (CMF_KAFKA_SASL_MECHANISM=PLAIN)',
    ]);
    expect(problemsOf(() => parse({ CMF_KAFKA_PASSWORD_FILE: PASSWORD }))).toEqual([
      `CMF_KAFKA_PASSWORD_FILE=${PASSWORD}: needs kafka.sasl.mechanism (CMF_KAFKA_SASL_MECHANISM default none)`,
    ]);
    expect(problemsOf(() => parse({ CMF_KAFKA_CA_FILE: '/ca.pem' }))).toEqual([
      'CMF_KAFKA_CA_FILE=/ca.pem: needs kafka.tls.enabled (CMF_KAFKA_TLS default false)',
    ]);
  });

  it('wants absolute paths for every mounted file', () => {
    expect(problemsOf(() => parse({ CMF_AUTH_SIDECAR_TOKEN_FILE: 'token' }))).toEqual([
      'CMF_AUTH_SIDECAR_TOKEN_FILE=token: expected an absolute file path (e.g. /var/run/secrets/cmf/token)',
    ]);
  });

  it('leaves membership off without a URL and refuses a token for no URL', () => {
    expect(parse({}).membership.url).toBeUndefined();
    expect(problemsOf(() => parse({ CMF_MEMBERSHIP_TOKEN_FILE: '/t' }))).toEqual([
      'CMF_MEMBERSHIP_TOKEN_FILE=/t: needs membership.url (CMF_MEMBERSHIP_URL)',
    ]);
    const config = parse({ CMF_MEMBERSHIP_URL: 'http://messenger:8080', CMF_MEMBERSHIP_TOKEN_FILE: '/t' });
    expect(config.membership).toMatchObject({ url: 'http://messenger:8080', tokenFile: '/t' });
  });
});
