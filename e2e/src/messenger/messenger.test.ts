import { afterEach, describe, expect, it } from 'vitest';
import type { KafkaRecord } from './contract/kafka-record.js';
import { parseMessengerConfig } from './config/parse-messenger-config.js';
import { KafkaUnavailableError, type RecordPosition } from './kafka/record-sink.js';
import { nullLogger } from './log/logger.js';
import { Messenger, type ProducerLifecycle } from './messenger.js';

/** An in-memory producer: records what was sent, or fails like an unreachable Kafka. */
class FakeProducer implements ProducerLifecycle {
  readonly sent: { topic: string; record: KafkaRecord }[] = [];
  isConnected = false;
  failing = false;
  stopped = false;

  startConnecting(): void {
    this.isConnected = true;
  }

  send(topic: string, record: KafkaRecord): Promise<RecordPosition> {
    if (this.failing) return Promise.reject(new KafkaUnavailableError('broker down'));
    this.sent.push({ topic, record });
    return Promise.resolve({ partition: 0, offset: String(this.sent.length - 1) });
  }

  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }
}

const SERVICE_TOKEN = 'unit-service-token-0123456789';
let messenger: Messenger | undefined;

async function start(producer: FakeProducer): Promise<Messenger> {
  const config = parseMessengerConfig({
    env: {
      CMF_MESSENGER_LISTEN_HOST: '127.0.0.1',
      CMF_MESSENGER_LISTEN_PORT: '0',
      CMF_MESSENGER_KAFKA_BROKERS: 'unused:9092',
      CMF_MESSENGER_TOPIC_PREFIX: 'unit',
      CMF_MESSENGER_SERVICE_TOKEN: SERVICE_TOKEN,
      CMF_MESSENGER_DEMO_TOKENS: 'true',
      CMF_MESSENGER_SEED_FILE: '/seed.json',
    },
    argv: [],
    readFile: () => JSON.stringify({ rooms: [{ roomId: 'cr_1', members: ['u1'] }] }),
  });
  messenger = await Messenger.start(config, { logger: nullLogger, readFile: () => '', producer });
  return messenger;
}

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string | null; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

afterEach(async () => {
  await messenger?.stop(0);
  messenger = undefined;
});

describe('Messenger (in process, fake Kafka)', () => {
  it('produces to <prefix>.messages and answers with the position', async () => {
    const producer = new FakeProducer();
    const base = `http://127.0.0.1:${(await start(producer)).port}`;
    const token = (await call(base, 'POST', '/v1/demo/token', { userId: 'u1' })).body['token'] as string;
    const answer = await call(
      base,
      'POST',
      '/v1/rooms/cr_1/messages',
      { content: 'hi' },
      { authorization: `Bearer ${token}` },
    );
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ room: 'cr_1', partition: 0, offset: '0' });
    expect(producer.sent.map((s) => [s.topic, s.record.key])).toEqual([['unit.messages', 'cr_1']]);
    expect(producer.sent[0]?.record.headers['message-id']).toBe(answer.body['messageId']);
  });

  it('answers 503 kafka_unavailable when the record cannot be written', async () => {
    const producer = new FakeProducer();
    const base = `http://127.0.0.1:${(await start(producer)).port}`;
    const token = (await call(base, 'POST', '/v1/demo/token', { userId: 'u1' })).body['token'] as string;
    producer.failing = true;
    const answer = await call(
      base,
      'POST',
      '/v1/rooms/cr_1/messages',
      { content: 'hi' },
      { authorization: `Bearer ${token}` },
    );
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ error: { code: 'kafka_unavailable' } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('cmf_messenger_messages_produced_total{result="error"} 1');
    expect(metrics).toContain(
      'cmf_messenger_http_errors_total{route="/v1/rooms/{room}/messages",code="kafka_unavailable"} 1',
    );
  });

  it('writes membership API refusals as problem details carrying the error code', async () => {
    const base = `http://127.0.0.1:${(await start(new FakeProducer())).port}`;
    const answer = await call(
      base,
      'POST',
      '/internal/v1/memberships:check',
      { userId: 'u1', roomIds: [] },
      { authorization: `Bearer ${SERVICE_TOKEN}` },
    );
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('application/problem+json');
    expect(answer.body).toMatchObject({
      type: 'urn:cmf:messenger:error:bad_request',
      status: 400,
      error: { code: 'bad_request' },
    });
  });

  it('is ready only once the producer is connected, and stops it on drain', async () => {
    const producer = new FakeProducer();
    producer.startConnecting = () => undefined;
    const running = await start(producer);
    const base = `http://127.0.0.1:${running.port}`;
    expect((await call(base, 'GET', '/readyz')).body).toEqual({
      status: 'not_ready',
      reasons: ['kafka_producer_not_connected'],
    });
    producer.isConnected = true;
    expect((await call(base, 'GET', '/readyz')).status).toBe(200);
    await running.stop(0);
    messenger = undefined;
    expect(producer.stopped).toBe(true);
  });
});
