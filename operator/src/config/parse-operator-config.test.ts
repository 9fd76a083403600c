import { describe, expect, it } from 'vitest';
import { ConfigError, CONFIG_INVALID } from '@cmf/gateway/config';
import { operatorHelp } from './operator-help.js';
import { operatorOptions } from './operator-options.js';
import { parseOperatorConfig } from './parse-operator-config.js';

const base = { CMF_POD_NAMESPACE: 'cmf-system' };

function parse(env: Record<string, string> = {}, argv: string[] = []) {
  return parseOperatorConfig({ env: { ...base, ...env }, argv, hostname: 'operator-0' });
}

function problems(env: Record<string, string>, argv: string[] = []): readonly string[] {
  try {
    parseOperatorConfig({ env, argv, hostname: 'operator-0' });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe(CONFIG_INVALID);
    return (err as ConfigError).problems;
  }
  throw new Error('the configuration was accepted');
}

describe('parseOperatorConfig', () => {
  it('resolves every default the chart relies on', () => {
    const config = parse();
    expect(config).toEqual({
      watch: { namespaces: [], resyncPeriodMs: 600_000, maxConcurrentReconciles: 2 },
      gateway: { image: 'ghcr.io/cmf-platform/cmf-gateway:0.1.0' },
      kafka: { bootstrapServers: [], credentialsSecret: undefined },
      admin: { host: '0.0.0.0', port: 8080 },
      leader: {
        elect: true,
        leaseNamespace: 'cmf-system',
        leaseName: 'cmf-operator',
        leaseDurationMs: 15_000,
        renewDeadlineMs: 10_000,
        retryPeriodMs: 2_000,
      },
      pod: { name: 'operator-0', namespace: 'cmf-system' },
      log: { level: 'info' },
      kubeconfig: undefined,
    });
    expect(Object.isFrozen(config.leader)).toBe(true);
  });

  it('reads every variable and lets a flag override it', () => {
    const config = parse(
      {
        CMF_OPERATOR_WATCH_NAMESPACES: 'chat, chat-staging,',
        CMF_OPERATOR_GATEWAY_IMAGE: 'registry.local:5000/cmf/gateway:1.2.3',
        CMF_OPERATOR_KAFKA_BOOTSTRAP_SERVERS: 'kafka-0:9092,kafka-1:9092',
        CMF_OPERATOR_KAFKA_CREDENTIALS_SECRET: 'kafka/cmf-operator',
        CMF_OPERATOR_ADMIN_HOST: '127.0.0.1',
        CMF_OPERATOR_ADMIN_PORT: '9090',
        CMF_OPERATOR_LEADER_ELECT: 'false',
        CMF_OPERATOR_LEASE_NAMESPACE: 'leases',
        CMF_OPERATOR_LEASE_NAME: 'cmf-operator-blue',
        CMF_OPERATOR_LEASE_DURATION: '30s',
        CMF_OPERATOR_RENEW_DEADLINE: '20s',
        CMF_OPERATOR_RETRY_PERIOD: '500ms',
        CMF_OPERATOR_RESYNC_PERIOD: '1h',
        CMF_OPERATOR_MAX_CONCURRENT_RECONCILES: '4',
        CMF_OPERATOR_LOG_LEVEL: 'debug',
        CMF_POD_NAME: 'cmf-operator-abc',
        KUBECONFIG: '/tmp/kubeconfig',
      },
      ['--max-concurrent-reconciles=8', '--leader-elect'],
    );
    expect(config.watch).toEqual({
      namespaces: ['chat', 'chat-staging'],
      resyncPeriodMs: 3_600_000,
      maxConcurrentReconciles: 8,
    });
    expect(config.gateway.image).toBe('registry.local:5000/cmf/gateway:1.2.3');
    expect(config.kafka).toEqual({
      bootstrapServers: ['kafka-0:9092', 'kafka-1:9092'],
      credentialsSecret: { namespace: 'kafka', name: 'cmf-operator' },
    });
    expect(config.admin).toEqual({ host: '127.0.0.1', port: 9090 });
    expect(config.leader).toEqual({
      elect: true,
      leaseNamespace: 'leases',
      leaseName: 'cmf-operator-blue',
      leaseDurationMs: 30_000,
      renewDeadlineMs: 20_000,
      retryPeriodMs: 500,
    });
    expect(config.pod.name).toBe('cmf-operator-abc');
    expect(config.log.level).toBe('debug');
    expect(config.kubeconfig).toBe('/tmp/kubeconfig');
  });

  it('reports every problem at once, naming the variable, the value and what was expected', () => {
    const found = problems(
      {
        CMF_OPERATOR_ADMIN_PORT: '70000',
        CMF_OPERATOR_LEASE_DURATON: '15s',
        CMF_OPERATOR_KAFKA_CREDENTIALS_SECRET: 'just-a-name',
        CMF_OPERATOR_WATCH_NAMESPACES: 'chat,Not_A_Namespace',
        CMF_OPERATOR_LOG_LEVEL: 'verbose',
      },
      ['--resync-perod=5m'],
    );
    expect(found).toEqual([
      'unknown flag --resync-perod; did you mean --resync-period?',
      'CMF_OPERATOR_LEASE_DURATON is not a known option; did you mean CMF_OPERATOR_LEASE_DURATION?',
      'CMF_OPERATOR_WATCH_NAMESPACES=chat,Not_A_Namespace: bad entry "Not_A_Namespace"; expected a comma-separated list of namespace names (e.g. chat,chat-staging)',
      'CMF_OPERATOR_KAFKA_CREDENTIALS_SECRET=just-a-name: expected namespace/name (e.g. kafka/cmf-operator-credentials)',
      'CMF_OPERATOR_ADMIN_PORT=70000: expected an integer between 0 and 65535',
      'CMF_OPERATOR_LOG_LEVEL=verbose: expected one of error, warn, info, debug',
      'leader election needs a namespace for its Lease: set CMF_OPERATOR_LEASE_NAMESPACE or CMF_POD_NAMESPACE (or CMF_OPERATOR_LEADER_ELECT=false)',
    ]);
  });

  it('refuses leader timings that would let two leaders overlap', () => {
    expect(
      problems({ ...base, CMF_OPERATOR_RENEW_DEADLINE: '15s', CMF_OPERATOR_RETRY_PERIOD: '15s' }),
    ).toEqual([
      'CMF_OPERATOR_RENEW_DEADLINE=15s must be shorter than CMF_OPERATOR_LEASE_DURATION default 15s',
      'CMF_OPERATOR_RETRY_PERIOD=15s must be shorter than CMF_OPERATOR_RENEW_DEADLINE=15s',
    ]);
  });

  it('needs no namespace without leader election', () => {
    const config = parseOperatorConfig({
      env: { CMF_OPERATOR_LEADER_ELECT: 'false' },
      argv: [],
      hostname: 'h',
    });
    expect(config.leader.leaseNamespace).toBeUndefined();
  });
});

describe('operatorHelp', () => {
  it('documents every option with its variable, flag and default', () => {
    const help = operatorHelp();
    for (const option of operatorOptions) {
      expect(help).toContain(option.env);
      expect(help).toContain(option.flag);
    }
    expect(help).toContain('(default: 15s; range: 1s to 5m)');
    expect(help).toContain('(default: ghcr.io/cmf-platform/cmf-gateway:0.1.0)');
  });
});
