import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, GatewayProcess, KafkaBroker } from '@cmf/test-harness';
import { openSubscribedSocket } from '../../bench/bench-client.js';
import { mintToken } from '../../bench/bench-token.js';
import { createGatewayTopics } from '../../bench/bench-topics.js';
import { ChatProducer } from '../../bench/chat-producer.js';
import { ClientStats } from '../../bench/client-stats.js';
import { sampleValue } from '../../bench/prometheus-text.js';
import type { RawWebSocket } from '../../bench/raw-ws/raw-web-socket.js';
import { RoomPlan } from '../../bench/room-plan.js';

// The benchmark's client (a RawWebSocket on plain TCP) against the real gateway process and a
// real broker: the handshake with the token as a subprotocol entry, subscribing, records produced
// to Kafka arriving as frames, pings answered, refusals reported exactly, and closing with 1000.

const PREFIX = 'rawclient';
const SECRET = 'cmf-raw-client-secret-of-at-least-32-bytes';
const SOCKETS = 6;
const plan = new RoomPlan(SOCKETS, 3);
const secret = new TextEncoder().encode(SECRET);

let broker: KafkaBroker;
let gateway: GatewayProcess;
let producer: ChatProducer;
const stats = new ClientStats();
const sockets: RawWebSocket[] = [];

async function gatewayConnections(): Promise<number | undefined> {
  return sampleValue(await gateway.metrics(), 'cmf_gateway_connections');
}

beforeAll(async () => {
  broker = await KafkaBroker.start();
  await createGatewayTopics(broker.bootstrap, PREFIX, 2);
  gateway = await GatewayProcess.start({
    brokers: broker.bootstrap,
    topicPrefix: PREFIX,
    secret: SECRET,
    // Pings every 300 ms: a client that did not answer them would be closed with 4003 within 2 s.
    env: { CMF_POD_NAME: 'raw-client', CMF_HEARTBEAT_INTERVAL: '300ms', CMF_HEARTBEAT_TIMEOUT: '1500ms' },
  });
  producer = await ChatProducer.connect(broker.bootstrap, `${PREFIX}.messages`, plan, 1, 200);
});

afterAll(async () => {
  await producer.close().catch(() => undefined);
  await gateway.kill().catch(() => undefined);
  await broker.destroy();
});

describe('the benchmark client against the gateway', () => {
  it('subscribes every socket, with the token as a subprotocol entry', async () => {
    for (let i = 0; i < SOCKETS; i++) {
      const room = plan.roomName(plan.roomOfSocket(i));
      const token = await mintToken(secret, `raw-user-${String(i)}`, [room]);
      sockets.push(await openSubscribedSocket(gateway.url, token, room, stats));
    }
    expect(stats.open).toBe(SOCKETS);
    expect(sockets.every((s) => s.protocol === 'cmf.v1.json')).toBe(true);
    expect(await gatewayConnections()).toBe(SOCKETS);
  });

  it('receives every record produced to Kafka as a message frame', async () => {
    await producer.fixedRate(50, 1);
    const owed = producer.owedDeliveries;
    expect(owed).toBeGreaterThan(0);
    await eventually(`${String(owed)} deliveries`, () => Promise.resolve(stats.messages >= owed));
    const snapshot = stats.snapshot(false);
    expect(snapshot.messages).toBe(owed);
    expect(snapshot.otherFrames).toBe(0);
    expect(snapshot.latency.samples).toBe(owed);
  });

  it('answers the gateway pings: still open after many heartbeats, and still receiving', async () => {
    // Waiting, not timing: past several heartbeat timeouts a client that does not pong is closed.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(stats.snapshot(false).closes).toEqual({});
    expect(stats.open).toBe(SOCKETS);
    const before = stats.messages;
    await producer.fixedRate(20, 1);
    const owed = producer.owedDeliveries;
    await eventually('deliveries after the heartbeats', () => Promise.resolve(stats.messages >= owed));
    expect(stats.messages - before).toBeGreaterThan(0);
    expect(stats.snapshot(false).closes).toEqual({});
  });

  it('reports a refused handshake with the status and the JSON body', async () => {
    const error = await openSubscribedSocket(
      gateway.url,
      'not-a-jwt',
      plan.roomName(0),
      new ClientStats(),
    ).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(Error);
    const match = /^handshake refused: HTTP (\d{3}) (.*)$/s.exec((error as Error).message);
    expect(match?.[1]).toBe('401');
    expect(JSON.parse(match?.[2] ?? '')).toMatchObject({ error: expect.any(String) as unknown });
  });

  it('reports a refused subscription with its error code', async () => {
    const token = await mintToken(secret, 'raw-user-other', [plan.roomName(0)]);
    await expect(
      openSubscribedSocket(gateway.url, token, plan.roomName(1), new ClientStats()),
    ).rejects.toThrow(`subscribe to ${plan.roomName(1)} refused: forbidden`);
  });

  it('closes with 1000: the gateway answers and lets every connection go', async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close(1000, 'benchmark done')));
    expect(stats.open).toBe(0);
    expect(stats.snapshot(false).closes).toEqual({ '1000': SOCKETS });
    await eventually('the gateway to count no connection', async () => (await gatewayConnections()) === 0);
  });
});
