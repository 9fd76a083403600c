import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, GatewayProcess, KafkaBroker } from '@cmf/test-harness';
import { ChatFixture, SECRET, mintToken } from '../support/chat-fixture.js';

// Heartbeats on the real process, with a timeout longer than the interval (several pings in
// flight at once): a client that answers every ping, each 150 ms late (well within the 500 ms
// timeout), stays; one that never answers is closed with 4003. A check must judge the answer to
// its own ping: judged by a flag the next sweep resets, the slow client would look dead to every
// check, since a newer ping is always unanswered when an older ping's check runs.

const PONG_DELAY_MS = 150;

async function open(url: string, user: string): Promise<WebSocket> {
  const ws = new WebSocket(url, ['cmf.v1.json', `cmf.token.${await mintToken(user, [])}`], {
    autoPong: false,
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

describe('cmf-gateway heartbeats', () => {
  let broker: KafkaBroker;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    broker = await KafkaBroker.start();
    await (await ChatFixture.create(broker.bootstrap, 'heartbeat', 1)).close();
    gateway = await GatewayProcess.start({
      brokers: broker.bootstrap,
      topicPrefix: 'heartbeat',
      secret: SECRET,
      env: { CMF_HEARTBEAT_INTERVAL: '200ms', CMF_HEARTBEAT_TIMEOUT: '500ms' },
    });
  });

  afterAll(async () => {
    await gateway.kill();
    await broker.destroy();
  });

  it('keeps a client that answers every ping late but in time, and closes one that never answers with 4003', async () => {
    const answering = await open(gateway.url, 'answers');
    const silent = await open(gateway.url, 'silent');
    const closes: { who: string; code: number }[] = [];
    answering.on('close', (code) => closes.push({ who: 'answers', code }));
    silent.on('close', (code) => closes.push({ who: 'silent', code }));
    let pings = 0;
    answering.on('ping', (data: Buffer) => {
      pings++;
      setTimeout(() => {
        answering.pong(data);
      }, PONG_DELAY_MS);
    });

    await eventually('the silent client to be closed', () =>
      Promise.resolve(closes.some((c) => c.who === 'silent')),
    );
    expect(closes).toEqual([{ who: 'silent', code: 4003 }]);
    // Dozens of overlapping sweeps later the answering client is still there.
    await eventually('many heartbeats', () => Promise.resolve(pings >= 25));
    expect(closes).toEqual([{ who: 'silent', code: 4003 }]);
    expect(answering.readyState).toBe(WebSocket.OPEN);
    answering.close();
  });
});
