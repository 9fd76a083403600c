import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { parseSidecarConfig } from './parse-sidecar-config.js';
import type { SidecarConfig } from './sidecar-config.js';

const ISSUERS = JSON.stringify([
  { issuer: 'https://idp.test', audience: 'cmf', jwksUrl: 'https://idp.test/jwks' },
]);

function parse(
  env: Record<string, string>,
  argv: readonly string[] = [],
  files: Readonly<Record<string, string>> = { '/issuers.json': ISSUERS },
) {
  return parseSidecarConfig({
    env: { CMF_SIDECAR_ISSUERS_FILE: '/issuers.json', ...env },
    argv,
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return text;
    },
  });
}

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseSidecarConfig', () => {
  it('resolves every default and the issuers, frozen', () => {
    const config = parse({});
    const expected: SidecarConfig = {
      listen: { host: '127.0.0.1', port: 8081 },
      admin: { host: '0.0.0.0', port: 9091 },
      token: {
        clockToleranceMs: 30_000,
        maxBytes: 8192,
        maxAgeMs: 0,
        typ: undefined,
        roomsClaim: 'rooms',
        queryToken: false,
      },
      origins: { allowed: [] },
      rateLimit: { perMinute: 120, burst: 30, maxClients: 100_000 },
      jwks: { cacheMaxAgeMs: 600_000, cooldownMs: 30_000, timeoutMs: 5000, maxStaleMs: 86_400_000 },
      issuersFile: '/issuers.json',
      clientTokenFile: undefined,
      log: { level: 'info' },
      issuers: [
        {
          issuer: 'https://idp.test',
          audience: ['cmf'],
          algorithms: ['RS256', 'ES256', 'EdDSA'],
          roomsClaim: undefined,
          typ: undefined,
          keys: { kind: 'jwks', url: 'https://idp.test/jwks' },
        },
      ],
    };
    expect(config).toEqual(expected);
    expect(Object.isFrozen(config.issuers[0]?.audience)).toBe(true);
  });

  it('reads flags over env vars', () => {
    const config = parse(
      {
        CMF_SIDECAR_CLOCK_TOLERANCE: '10s',
        CMF_SIDECAR_ALLOWED_ORIGINS: 'https://a.example, http://localhost:3000',
      },
      [
        '--clock-tolerance=5s',
        '--query-token',
        '--max-token-bytes',
        '4KiB',
        '--listen-host=::1',
        '--typ=at+jwt',
      ],
    );
    expect(config.token).toMatchObject({
      clockToleranceMs: 5000,
      queryToken: true,
      maxBytes: 4096,
      typ: 'at+jwt',
    });
    expect(config.listen.host).toBe('::1');
    expect(config.origins.allowed).toEqual(['https://a.example', 'http://localhost:3000']);
  });

  it('refuses a non-loopback listen host with the reason', () => {
    expect(problemsOf(() => parse({ CMF_SIDECAR_LISTEN_HOST: '0.0.0.0' }))).toEqual([
      'CMF_SIDECAR_LISTEN_HOST=0.0.0.0: expected a loopback address (127.0.0.1, ::1 or localhost): the sidecar ' +
        'tells anyone who can reach it who a token belongs to, so only the gateway in its pod may reach it',
    ]);
  });

  it('collects every problem at once, from options and from the issuers file', () => {
    const problems = problemsOf(() =>
      parse(
        {
          CMF_SIDECAR_ISSUERS_FILE: '/bad.json',
          CMF_SIDECAR_ALLOWED_ORIGINS: 'https://a.example/path',
          CMF_SIDECAR_RATE_LIMIT_BURST: '0',
          CMF_SIDECAR_LISTEN_PORT: '9091',
          CMF_SIDECAR_JWKS_COOLDOWN_MS: '5',
        },
        ['--rate-limit-per-minut=5'],
        { '/bad.json': '{}' },
      ),
    );
    expect(problems).toEqual([
      'unknown flag --rate-limit-per-minut; did you mean --rate-limit-per-minute?',
      'CMF_SIDECAR_JWKS_COOLDOWN_MS is not a known option; did you mean CMF_SIDECAR_JWKS_COOLDOWN?',
      'CMF_SIDECAR_ALLOWED_ORIGINS=https://a.example/path: bad entry "https://a.example/path"; expected a ' +
        'comma-separated list of origins (e.g. https://chat.example.com,http://localhost:3000)',
      'CMF_SIDECAR_RATE_LIMIT_BURST=0: expected an integer between 1 and 1000000',
      'listen.port and admin.port must differ (CMF_SIDECAR_LISTEN_PORT=9091, CMF_SIDECAR_ADMIN_PORT default 9091)',
      'CMF_SIDECAR_ISSUERS_FILE=/bad.json: expected a JSON array of issuers ([{ "issuer": …, "audience": …, … }])',
    ]);
  });

  it('names the issuers file when it cannot be read, and requires it', () => {
    expect(problemsOf(() => parse({ CMF_SIDECAR_ISSUERS_FILE: '/nope.json' }))).toEqual([
      "CMF_SIDECAR_ISSUERS_FILE=/nope.json: cannot read the issuers file (ENOENT: no such file or directory, open '/nope.json')",
    ]);
    expect(problemsOf(() => parseSidecarConfig({ env: {}, argv: [], readFile: () => ISSUERS }))).toEqual([
      'CMF_SIDECAR_ISSUERS_FILE (or --issuers-file) is required: expected a non-empty string',
    ]);
  });

  it('ignores the gateway variables that share the pod', () => {
    expect(() => parse({ CMF_LISTEN_HOST: '0.0.0.0', CMF_KAFKA_BROKERS: 'k:9092' })).not.toThrow();
  });
});
