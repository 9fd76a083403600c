import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '@cmf/gateway';
import { ConditionReason } from '../api/v1alpha1/index.js';
import { gatewayEnvironment, kafkaBrokers } from './gateway-environment.js';
import { podFiles } from './pod-files.js';
import { RenderError } from './render-error.js';
import { renderOwnedObjects } from './render-owned-objects.js';
import type { RenderInput } from './render-input.js';
import { renderInput, SampleFile } from './test-support/chat-gateways.js';
import { byKind, configMapData, containerOf, GatewayCommand, optionTypes } from './test-support/inspect.js';

// The gateway's options as its built command documents them in --help.
const gatewayOptions = optionTypes(GatewayCommand.Gateway);

function environment(input: RenderInput): Readonly<Record<string, string>> {
  return gatewayEnvironment(input, podFiles(input.gateway));
}

const VALUE_FORMATS: Readonly<Record<string, RegExp>> = {
  DurationMs: /^\d+(ms|s|m|h)$/,
  Int: /^\d+$/,
  Bytes: /^\d+$/,
  Boolean: /^(true|false)$/,
};

describe('gateway environment', () => {
  const full = environment(renderInput(SampleFile.Full));
  const minimal = environment(renderInput(SampleFile.Minimal));

  it('names only variables the gateway knows', () => {
    for (const name of new Set([...Object.keys(full), ...Object.keys(minimal)])) {
      expect(gatewayOptions.has(name), name).toBe(true);
    }
  });

  it('writes every value in the format of its option', () => {
    for (const [name, value] of Object.entries(full)) {
      const format = VALUE_FORMATS[gatewayOptions.get(name) ?? ''];
      if (format !== undefined) expect(value, name).toMatch(format);
    }
  });

  it('sets listen addresses explicitly and points at the sidecar on loopback', () => {
    expect(minimal).toMatchObject({
      CMF_LISTEN_HOST: '0.0.0.0',
      CMF_LISTEN_PORT: '8080',
      CMF_ADMIN_HOST: '0.0.0.0',
      CMF_ADMIN_PORT: '9090',
      CMF_AUTH_MODE: 'sidecar',
      CMF_AUTH_SIDECAR_URL: 'http://127.0.0.1:8081',
      CMF_AUTH_SIDECAR_TOKEN_FILE: '/var/run/secrets/cmf/sidecar-token/token',
    });
  });

  it('maps the spec, converting durations to the gateway format', () => {
    const input = renderInput(SampleFile.Minimal, {
      kafka: { connectTimeout: '1.5s', retry: { initial: '250ms', max: '1m30s' } },
      history: { maxAge: '1h' },
      limits: { maxConnections: 1234 },
      logLevel: 'debug',
    });
    expect(environment(input)).toMatchObject({
      CMF_KAFKA_TOPIC_PREFIX: 'chat',
      CMF_KAFKA_CONNECT_TIMEOUT: '1500ms',
      CMF_KAFKA_RETRY_INITIAL: '250ms',
      CMF_KAFKA_RETRY_MAX: '90s',
      CMF_HISTORY_MAX_AGE: '1h',
      CMF_MAX_CONNECTIONS: '1234',
      CMF_DRAIN_TIMEOUT: '25s',
      CMF_LOG_LEVEL: 'debug',
    });
  });

  it("uses the spec's brokers, else the operator's, and refuses to render without any", () => {
    expect(minimal['CMF_KAFKA_BROKERS']).toBe('kafka.kafka.svc:9092');
    expect(full['CMF_KAFKA_BROKERS']).toBe(
      'kafka-0.kafka.data.svc:9093,kafka-1.kafka.data.svc:9093,kafka-2.kafka.data.svc:9093',
    );
    const input = renderInput(SampleFile.Minimal);
    expect(() =>
      kafkaBrokers({ ...input, defaults: { ...input.defaults, kafkaBootstrapServers: [] } }),
    ).toThrow(RenderError);
  });

  it('has SASL and a CA file only when the spec has them, and TLS always spelled out', () => {
    expect(minimal['CMF_KAFKA_TLS']).toBe('false');
    for (const name of ['CMF_KAFKA_SASL_MECHANISM', 'CMF_KAFKA_USERNAME_FILE', 'CMF_KAFKA_CA_FILE']) {
      expect(minimal).not.toHaveProperty([name]);
    }
    expect(full).toMatchObject({
      CMF_KAFKA_TLS: 'true',
      CMF_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      CMF_KAFKA_USERNAME_FILE: '/var/run/secrets/cmf/kafka-credentials/username',
      CMF_KAFKA_PASSWORD_FILE: '/var/run/secrets/cmf/kafka-credentials/password',
      CMF_KAFKA_CA_FILE: '/var/run/secrets/cmf/kafka-ca/ca.crt',
    });
    const tlsWithoutCa = environment(renderInput(SampleFile.Minimal, { kafka: { tls: { enabled: true } } }));
    expect(tlsWithoutCa['CMF_KAFKA_TLS']).toBe('true');
    expect(tlsWithoutCa).not.toHaveProperty(['CMF_KAFKA_CA_FILE']);
  });

  it('has the membership variables only with spec.membership, the token file only with its Secret', () => {
    expect(Object.keys(minimal).filter((name) => name.startsWith('CMF_MEMBERSHIP_'))).toEqual([]);
    expect(full).toMatchObject({
      CMF_MEMBERSHIP_URL: 'http://messenger.chat.svc.cluster.local:8080',
      CMF_MEMBERSHIP_TIMEOUT: '500ms',
      CMF_MEMBERSHIP_CACHE_TTL: '30s',
      CMF_MEMBERSHIP_STALE_TTL: '5m',
      CMF_MEMBERSHIP_CACHE_MAX_ENTRIES: '100000',
      CMF_MEMBERSHIP_BREAKER_ERROR_PERCENT: '50',
      CMF_MEMBERSHIP_BREAKER_VOLUME_THRESHOLD: '10',
      CMF_MEMBERSHIP_BREAKER_RESET_TIMEOUT: '10s',
      CMF_MEMBERSHIP_TOKEN_FILE: '/var/run/secrets/cmf/membership-token/token',
    });
    const anonymous = environment(
      renderInput(SampleFile.Minimal, { membership: { url: 'https://m.example' } }),
    );
    expect(anonymous['CMF_MEMBERSHIP_URL']).toBe('https://m.example');
    expect(anonymous).not.toHaveProperty(['CMF_MEMBERSHIP_TOKEN_FILE']);
  });
});

describe('trusted proxies', () => {
  const full = environment(renderInput(SampleFile.Full));
  const minimal = environment(renderInput(SampleFile.Minimal));

  // What the gateway makes of a rendered environment: its own parser, as the pod would run it.
  function trustedByGateway(env: Readonly<Record<string, string>>): readonly string[] {
    return parseGatewayConfig({ env, argv: [], hostname: 'chat-0' }).proxies.trusted;
  }

  function refusal(spec: Record<string, unknown>): RenderError {
    try {
      environment(renderInput(SampleFile.Minimal, spec));
    } catch (err) {
      if (err instanceof RenderError) return err;
      throw err;
    }
    throw new Error('rendered without a RenderError');
  }

  it('renders spec.ingress.trustedProxies comma-separated, as the gateway reads them back', () => {
    expect(full['CMF_TRUSTED_PROXIES']).toBe('10.244.0.0/16,fd00:10:244::/56');
    expect(trustedByGateway(full)).toEqual(['10.244.0.0/16', 'fd00:10:244::/56']);
  });

  it('renders nothing when unset or empty, so the gateway trusts no proxy', () => {
    const empty = environment(renderInput(SampleFile.Minimal, { ingress: { trustedProxies: [] } }));
    for (const env of [minimal, empty]) {
      expect(env).not.toHaveProperty(['CMF_TRUSTED_PROXIES']);
      expect(trustedByGateway(env)).toEqual([]);
    }
  });

  it('applies without the Ingress too (a proxy the operator does not manage)', () => {
    const input = renderInput(SampleFile.Minimal, {
      ingress: { enabled: false, trustedProxies: ['192.0.2.7', '2001:db8::/32'] },
    });
    expect(environment(input)['CMF_TRUSTED_PROXIES']).toBe('192.0.2.7,2001:db8::/32');
  });

  it("refuses, as InvalidSpec in the gateway's words, an entry the schema let through that the gateway would not start with", () => {
    const error = refusal({ ingress: { trustedProxies: ['10.0.0.0/8', '10.0.0.0/33', 'proxy.example'] } });
    expect(error.code).toBe(ConditionReason.InvalidSpec);
    expect(error.retriable).toBe(false);
    expect(error.message).toContain('the gateway would refuse its configuration');
    expect(error.message).toContain('CMF_TRUSTED_PROXIES=10.0.0.0/8,10.0.0.0/33,proxy.example');
    expect(error.message).toContain('bad entries "10.0.0.0/33", "proxy.example"');
  });

  it("holds every other variable to the gateway's parser as well", () => {
    const error = refusal({ websocket: { path: 'ws' } });
    expect(error.message).toContain('CMF_WEBSOCKET_PATH=ws: expected a URL path starting with /');
    expect(() => renderOwnedObjects(renderInput(SampleFile.Minimal, { websocket: { path: 'ws' } }))).toThrow(
      RenderError,
    );
  });
});

describe('environment of the rendered containers', () => {
  // Everything a container's environment holds: its envFrom ConfigMaps' keys and its own env.
  function containerEnvironment(file: string, container: string): string[] {
    const objects = renderOwnedObjects(renderInput(file));
    const spec = containerOf(objects, container);
    const fromConfigMaps = (spec.envFrom ?? []).flatMap((source) =>
      Object.keys(configMapData(byKind(objects, 'ConfigMap', source.configMapRef?.name))),
    );
    return [...fromConfigMaps, ...(spec.env ?? []).map((variable) => variable.name)];
  }

  it("gives the gateway container only variables the gateway knows, and Node's own options", () => {
    for (const file of [SampleFile.Minimal, SampleFile.Full]) {
      const names = containerEnvironment(file, 'gateway');
      expect(names).toContain('CMF_POD_NAME');
      expect(names).toContain('NODE_OPTIONS');
      for (const name of names.filter((n) => n !== 'NODE_OPTIONS')) {
        expect(gatewayOptions.has(name), name).toBe(true);
      }
    }
  });

  it("gives the sidecar container no gateway variable, only its own and its issuers file's key", () => {
    const names = containerEnvironment(SampleFile.Full, 'auth-sidecar');
    // issuers.json is mounted as a file; where the kubelet allows it as a variable name, it is no CMF_* option.
    expect(names.filter((name) => !name.startsWith('CMF_SIDECAR_'))).toEqual(['issuers.json']);
  });
});
