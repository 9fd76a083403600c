import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { adminRetry, AdminTimeouts, callDeadlineMs, kafkaClientConfig } from './kafka-client-config.js';
import type { KafkaConnection } from './topic-reconciler.js';

const plain: KafkaConnection = { brokers: ['kafka:9092'], clientId: 'cmf-operator', connectTimeoutMs: 2_500 };

describe('kafkaClientConfig', () => {
  it('takes brokers, client id and connect timeout from the connection, with short retries', () => {
    const config = kafkaClientConfig(plain);
    expect(config).toMatchObject({
      brokers: ['kafka:9092'],
      clientId: 'cmf-operator',
      connectionTimeout: 2_500,
      requestTimeout: AdminTimeouts.requestMs,
      enforceRequestTimeout: true,
      retry: adminRetry,
      logLevel: logLevel.WARN,
    });
    expect(config.ssl).toBeUndefined();
    expect(config.sasl).toBeUndefined();
    expect(adminRetry.retries).toBeLessThanOrEqual(2);
  });

  it('waits longer for an answer than the brokers take to time out themselves', () => {
    expect(AdminTimeouts.requestMs).toBeGreaterThan(AdminTimeouts.serverOperationMs);
    expect(callDeadlineMs(plain)).toBe(2_500 + AdminTimeouts.requestMs + AdminTimeouts.callSlackMs);
  });

  it('passes SASL and TLS through', () => {
    const config = kafkaClientConfig({
      ...plain,
      sasl: { mechanism: 'scram-sha-256', username: 'cmf', password: 'pw' },
      tls: { ca: 'PEM' },
    });
    expect(config.sasl).toEqual({ mechanism: 'scram-sha-256', username: 'cmf', password: 'pw' });
    expect(config.ssl).toEqual({ ca: ['PEM'] });
    expect(kafkaClientConfig({ ...plain, tls: {} }).ssl).toBe(true);
  });

  it('routes kafkajs warnings and errors to debug, drops the rest, and is silent without a logger', () => {
    const lines: [string, Record<string, unknown> | undefined][] = [];
    const log = kafkaClientConfig(plain, { debug: (m, f) => lines.push([m, f]) }).logCreator?.(logLevel.WARN);
    const entry = (message: string) => ({ timestamp: 't', logger: 'kafkajs', message, broker: 'kafka:9092' });
    log?.({ namespace: 'Connection', level: logLevel.ERROR, label: 'ERROR', log: entry('refused') });
    log?.({ namespace: 'Admin', level: logLevel.WARN, label: 'WARN', log: entry('retrying') });
    log?.({ namespace: 'Admin', level: logLevel.INFO, label: 'INFO', log: entry('chatty') });
    expect(lines).toEqual([
      [
        'refused',
        {
          component: 'kafkajs',
          namespace: 'Connection',
          timestamp: 't',
          logger: 'kafkajs',
          broker: 'kafka:9092',
        },
      ],
      [
        'retrying',
        { component: 'kafkajs', namespace: 'Admin', timestamp: 't', logger: 'kafkajs', broker: 'kafka:9092' },
      ],
    ]);
    const silent = kafkaClientConfig(plain).logCreator?.(logLevel.WARN);
    expect(() =>
      silent?.({ namespace: 'Admin', level: logLevel.ERROR, label: 'ERROR', log: entry('x') }),
    ).not.toThrow();
  });
});
