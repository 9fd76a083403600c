import { spawn } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePort, KafkaBroker } from '@cmf/test-harness';
import { MESSENGER_MAIN, MessengerProcess } from '../../src/messenger/testing/messenger-process.js';

// The stand-in as a process: --help, configuration errors, readiness that follows Kafka, a
// Kafka outage answered with 503, test-only routes that do not exist unless enabled, SIGTERM.

const PREFIX = 'msgcli';
const SERVICE_TOKEN = 'cli-service-token-0123456789';

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MESSENGER_MAIN, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      resolve({ code, out, err });
    });
  });
}

describe('cmf-messenger-standin command line', () => {
  it('--help documents every variable and exits 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    for (const name of [
      'CMF_MESSENGER_LISTEN_HOST',
      'CMF_MESSENGER_LISTEN_PORT',
      'CMF_MESSENGER_KAFKA_BROKERS',
      'CMF_MESSENGER_TOPIC_PREFIX',
      'CMF_MESSENGER_JWT_ISSUER',
      'CMF_MESSENGER_JWT_AUDIENCE',
      'CMF_MESSENGER_SERVICE_TOKEN',
      'CMF_MESSENGER_SERVICE_TOKEN_FILE',
      'CMF_MESSENGER_SEED_FILE',
      'CMF_MESSENGER_DEMO_TOKENS',
      'CMF_MESSENGER_FAULT_INJECTION',
    ]) {
      expect(out).toContain(`[${name}]`);
    }
  });

  it('reports every configuration problem at once and exits 2', async () => {
    const { code, err } = await run(['--listen-port', 'eighty'], { CMF_MESSENGER_DEMO_TOKENS: 'maybe' });
    expect(code).toBe(2);
    expect(err).toContain('CMF_MESSENGER_CONFIG_INVALID');
    expect(err).toContain('--listen-port="eighty": expected an integer');
    expect(err).toContain('CMF_MESSENGER_KAFKA_BROKERS (or --kafka-brokers): required');
    expect(err).toContain('CMF_MESSENGER_DEMO_TOKENS="maybe": expected true or false');
    expect(err).toContain('CMF_MESSENGER_SERVICE_TOKEN_FILE (or CMF_MESSENGER_SERVICE_TOKEN): required');
  });

  it('exits 1 when the signing key file holds no usable key', async () => {
    const { code, err } = await run([], {
      CMF_MESSENGER_KAFKA_BROKERS: '127.0.0.1:1',
      CMF_MESSENGER_SERVICE_TOKEN: SERVICE_TOKEN,
      CMF_MESSENGER_LISTEN_PORT: '0',
      CMF_MESSENGER_SIGNING_KEY_FILE: MESSENGER_MAIN,
    });
    expect(code).toBe(1);
    expect(err).toContain('failed to start');
  });
});

describe('without Kafka', () => {
  let messenger: MessengerProcess;

  beforeAll(async () => {
    // Nothing listens on this port: the producer never connects.
    const nowhere = await freePort();
    messenger = await MessengerProcess.start({
      brokers: `127.0.0.1:${nowhere}`,
      topicPrefix: PREFIX,
      serviceToken: SERVICE_TOKEN,
      waitFor: 'healthy',
      env: { CMF_MESSENGER_DEMO_TOKENS: 'false', CMF_MESSENGER_FAULT_INJECTION: 'false' },
    });
  });

  afterAll(async () => {
    await messenger.kill();
  });

  it('is alive but not ready, and says why', async () => {
    expect((await messenger.request('GET', '/healthz')).status).toBe(200);
    const ready = await messenger.request('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'not_ready', reasons: ['kafka_producer_not_connected'] });
    expect(await messenger.metrics()).toContain('cmf_messenger_ready 0');
  });

  it('has no demo token or fault routes unless they are enabled', async () => {
    const token = await messenger.request('POST', '/v1/demo/token', { body: { userId: 'u1' } });
    expect(token.status).toBe(404);
    const fault = await messenger.request('PUT', '/admin/faults/membership', {
      headers: { authorization: `Bearer ${SERVICE_TOKEN}` },
      body: { mode: 'fail' },
    });
    expect(fault.status).toBe(404);
  });

  it('stops on SIGTERM with exit code 0 while Kafka is unreachable', async () => {
    expect(await messenger.terminate()).toBe(0);
    expect(messenger.logs).toContain('messenger stand-in stopped');
  });
});

describe('with Kafka', () => {
  let broker: KafkaBroker;
  let messenger: MessengerProcess;

  beforeAll(async () => {
    broker = await KafkaBroker.start();
    const admin = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: `${PREFIX}.messages` }, { topic: `${PREFIX}.events` }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    messenger = await MessengerProcess.start({
      brokers: broker.bootstrap,
      topicPrefix: PREFIX,
      serviceToken: SERVICE_TOKEN,
      env: { CMF_MESSENGER_KAFKA_SEND_TIMEOUT: '3s' },
    });
  });

  afterAll(async () => {
    await messenger.kill();
    await broker.destroy();
  });

  it('answers 503 kafka_unavailable while Kafka is down, and stores messages again once it is back', async () => {
    const token = await messenger.token('u1');
    const created = await messenger.request('POST', '/v1/rooms', { token, body: { roomId: 'cr_outage' } });
    expect(created.status).toBe(201);
    await broker.stop();
    try {
      const refused = await messenger.request('POST', '/v1/rooms/cr_outage/messages', {
        token,
        body: { content: 'during the outage' },
      });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect((refused.body as { error: { code: string } }).error.code).toBe('kafka_unavailable');
      // A membership change during the outage stands, and says its event may be missing.
      const added = await messenger.request('POST', '/v1/rooms/cr_outage/members', {
        token,
        body: { userId: 'u2' },
      });
      expect(added.status).toBe(503);
      expect((added.body as { error: { message: string } }).error.message).toContain('repeat the request');
    } finally {
      await broker.restart();
    }
    await eventually(
      'a message stored after Kafka is back',
      async () =>
        (
          await messenger.request('POST', '/v1/rooms/cr_outage/messages', {
            token,
            body: { content: 'back' },
          })
        ).status === 201,
      120_000,
    );
    const metrics = await messenger.metrics();
    expect(metrics).toMatch(/cmf_messenger_messages_produced_total\{result="error"\} [1-9]/);
    expect(metrics).toMatch(/cmf_messenger_events_published_total\{type="member_added",result="error"\} 1/);
  });

  it('drains on SIGTERM: not ready, then exit 0 after the producer disconnects', async () => {
    expect((await messenger.request('GET', '/readyz')).status).toBe(200);
    expect(await messenger.terminate()).toBe(0);
    expect(messenger.logs).toContain('"msg":"draining"');
    expect(messenger.logs).toContain('messenger stand-in stopped');
  });
});
