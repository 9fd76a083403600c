import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayProcess, KafkaBroker } from '@cmf/test-harness';
import { ChatFixture, RecordingClient, SECRET, until } from '../support/chat-fixture.js';

// Kafka goes away mid-stream and comes back: the gateway's consumer reconnects (or restarts
// itself) and subscribed clients miss nothing.
describe('cmf-gateway through a Kafka outage', () => {
  let broker: KafkaBroker;
  let gateway: GatewayProcess;
  let client: RecordingClient;

  beforeAll(async () => {
    broker = await KafkaBroker.start();
    const setup = await ChatFixture.create(broker.bootstrap, 'outage', 3);
    await setup.close();
    gateway = await GatewayProcess.start({
      brokers: broker.bootstrap,
      topicPrefix: 'outage',
      secret: SECRET,
      env: { CMF_KAFKA_RETRY_MAX: '2s' },
    });
    client = await RecordingClient.connect(gateway.url, 'olly', ['cr_o']);
    await client.client.subscribe('cr_o');
  });

  afterAll(async () => {
    client.client.close();
    await gateway.kill();
    await broker.destroy();
  });

  it('delivers everything produced before and after the broker restarts, in order', async () => {
    let chat = await ChatFixture.connect(broker.bootstrap, 'outage');
    await chat.send([1, 2, 3].map((n) => ({ room: 'cr_o', id: `o-${n}`, content: `m${n}` })));
    await until('before the outage', () => client.messages.length === 3);
    await chat.close();

    await broker.stop();
    await new Promise((r) => setTimeout(r, 3000));
    await broker.restart();

    chat = await ChatFixture.connect(broker.bootstrap, 'outage');
    await chat.send([4, 5, 6].map((n) => ({ room: 'cr_o', id: `o-${n}`, content: `m${n}` })));
    await until('after the outage', () => client.messages.length === 6, 90_000);
    expect(client.contents()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    expect((await fetch(`${gateway.adminUrl}/healthz`)).status).toBe(200);
    await chat.close();
  });
});
