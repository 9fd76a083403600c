import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { GatewayProcess, KafkaBroker } from '@cmf/test-harness';
import { ChatFixture, RecordingClient, SECRET, until } from '../support/chat-fixture.js';

// Typing and presence cross replicas through the signals topic; receipts reach the receipts topic.
describe('typing, presence and receipts across two gateway processes', () => {
  let broker: KafkaBroker;
  let chat: ChatFixture;
  let a: GatewayProcess;
  let b: GatewayProcess;
  const clients: RecordingClient[] = [];

  beforeAll(async () => {
    broker = await KafkaBroker.start();
    chat = await ChatFixture.create(broker.bootstrap, 'collab', 2);
    [a, b] = await Promise.all([
      GatewayProcess.start({ brokers: broker.bootstrap, topicPrefix: 'collab', secret: SECRET }),
      GatewayProcess.start({ brokers: broker.bootstrap, topicPrefix: 'collab', secret: SECRET }),
    ]);
  });

  afterAll(async () => {
    for (const c of clients) c.client.close();
    await Promise.all([a.kill(), b.kill()]);
    await chat.close();
    await broker.destroy();
  });

  it('shows typing and presence to users on the other replica', async () => {
    const amy = await RecordingClient.connect(a.url, 'amy', ['cr_c']);
    const bo = await RecordingClient.connect(b.url, 'bo', ['cr_c']);
    clients.push(amy, bo);
    const typing: string[] = [];
    const boPresence: { joined?: string[]; left?: string[] }[] = [];
    bo.client.on('typing', (t) => typing.push(t.userId));
    bo.client.on('presence', (p) => boPresence.push(p));
    await bo.client.subscribe('cr_c');
    await amy.client.subscribe('cr_c');

    await until('bo to see amy join', () => boPresence.some((p) => p.joined?.includes('amy') === true));
    amy.client.typing('cr_c');
    await until('bo to see amy typing', () => typing.includes('amy'));

    amy.client.unsubscribe('cr_c');
    await until('bo to see amy leave', () => boPresence.some((p) => p.left?.includes('amy') === true));
    expect(typing).not.toContain('bo');
  });

  it('publishes delivered/read receipts and connect/disconnect events to the receipts topic', async () => {
    const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const reader = kafka.consumer({ groupId: `receipts-${Date.now()}` });
    await reader.connect();
    await reader.subscribe({ topic: 'collab.receipts', fromBeginning: true });
    const seen: { key: string; value: Record<string, unknown> }[] = [];
    void reader.run({
      eachMessage: ({ message }) => {
        seen.push({
          key: message.key?.toString() ?? '',
          value: JSON.parse(message.value?.toString() ?? '{}') as Record<string, unknown>,
        });
        return Promise.resolve();
      },
    });

    const cy = await RecordingClient.connect(a.url, 'cy', ['cr_r']);
    await cy.client.subscribe('cr_r');
    await chat.send([{ room: 'cr_r', id: 'rc-1' }]);
    await until('the message', () => cy.messages.length === 1);
    cy.client.ack('cr_r', 'delivered', ['rc-1']);
    cy.client.ack('cr_r', 'read', ['rc-1']);
    cy.client.close();

    await until('ack and connection receipts', () =>
      ['connect', 'delivered', 'read', 'disconnect'].every((k) =>
        seen.some((r) => r.value['kind'] === k && r.value['userId'] === 'cy'),
      ),
    );
    await reader.disconnect();
    const read = seen.find((r) => r.value['kind'] === 'read');
    expect(read).toMatchObject({ key: 'cr_r', value: { room: 'cr_r', userId: 'cy', messageIds: ['rc-1'] } });
    expect(seen.find((r) => r.value['kind'] === 'disconnect')?.key).toBe('cy');
  });
});
