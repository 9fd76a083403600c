import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, SignJWT, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@cmf/test-harness';
import type { GatewayContract } from '../../src/messenger/testing/gateway-contract.js';
import { MessengerFixture } from '../../src/messenger/testing/messenger-fixture.js';
import {
  errorCode,
  type JsonAnswer,
  type MessengerProcess,
} from '../../src/messenger/testing/messenger-process.js';
import type { TopicTap } from '../../src/messenger/testing/topic-tap.js';

// The real stand-in process against a real broker. What it produces is read back from Kafka and
// parsed by the gateway's own parser (gateway/dist), so "accepted here" means "accepted there".

const PREFIX = 'msgapi';
const ISSUER = 'cmf-messenger-standin';
const AUDIENCE = 'cmf-gateway';
const SERVICE_TOKEN = 'service-token-for-the-api-test';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

let fixture: MessengerFixture | undefined;
let messenger: MessengerProcess;
let messages: TopicTap;
let gateway: GatewayContract;
/** The stand-in's private key, written to its key file, so the test can forge any token it likes. */
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

function sign(claims: Record<string, unknown>, key = privateKey): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).sign(key);
}

function expectError(answer: JsonAnswer, status: number, code: string): void {
  expect({ status: answer.status, code: errorCode(answer) }).toEqual({ status, code });
  expect(typeof (answer.body as { error: { message: unknown } }).error.message).toBe('string');
  expect(answer.headers.get('content-type')).toBe('application/json');
}

beforeAll(async () => {
  fixture = await MessengerFixture.start({
    name: 'messenger-api',
    topicPrefix: PREFIX,
    partitions: { messages: 3, events: 2 },
    tap: 'messages',
    seed: {
      rooms: [
        { roomId: 'cr_1', members: ['u1', 'u2'] },
        { roomId: 'cr_2', members: ['u1'] },
      ],
    },
    serviceToken: { value: SERVICE_TOKEN, in: 'env' },
    signingKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    env: { CMF_MESSENGER_MAX_CONTENT_LENGTH: '50', CMF_MESSENGER_MAX_BODY_BYTES: '2048' },
  });
  ({ messenger, tap: messages, gateway } = fixture);
});

afterAll(async () => {
  await fixture?.stop();
});

async function produced(messageId: string): Promise<NonNullable<(typeof messages.records)[number]>> {
  await eventually(`record ${messageId} on ${PREFIX}.messages`, () =>
    Promise.resolve(messages.withHeader('message-id', messageId).length > 0),
  );
  const [record] = messages.withHeader('message-id', messageId);
  if (record === undefined) throw new Error('unreachable');
  return record;
}

describe('demo tokens', () => {
  it('issues ES256 tokens with iss, aud, sub, exp and rooms that verify against the JWKS', async () => {
    const answer = await messenger.request('POST', '/v1/demo/token', {
      body: { userId: 'u7', rooms: ['cr_1', 'cr_9'], ttlSeconds: 120 },
    });
    expect(answer.status).toBe(201);
    const issued = answer.body as { token: string; expiresAt: number; tokenType: string; demo: boolean };
    expect(issued.tokenType).toBe('Bearer');
    expect(issued.demo).toBe(true);
    const jwks = await messenger.request('GET', '/.well-known/jwks.json');
    const keys = jwks.body as JSONWebKeySet;
    expect(keys.keys).toHaveLength(1);
    expect(keys.keys[0]).not.toHaveProperty('d');
    expect(keys.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    const { payload, protectedHeader } = await jwtVerify(issued.token, createLocalJWKSet(keys), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['ES256'],
    });
    expect(protectedHeader.kid).toBe(keys.keys[0]?.kid);
    expect(payload.sub).toBe('u7');
    expect(payload['rooms']).toEqual(['cr_1', 'cr_9']);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(120);
    expect(issued.expiresAt).toBe((payload.exp ?? 0) * 1000);
  });

  it('refuses a request that is not the documented JSON', async () => {
    expectError(
      await messenger.request('POST', '/v1/demo/token', { body: { userId: '' } }),
      400,
      'bad_request',
    );
    expectError(
      await messenger.request('POST', '/v1/demo/token', { body: { userId: 'u1', ttlSeconds: 0 } }),
      400,
      'bad_request',
    );
    expectError(
      await messenger.request('POST', '/v1/demo/token', { body: { userId: 'u1', rooms: ['bad room'] } }),
      400,
      'bad_request',
    );
  });
});

describe('POST /v1/rooms/{room}/messages', () => {
  it('produces the ChatMessage keyed by room with message-id and traceparent headers the gateway accepts', async () => {
    const token = await messenger.token('u1');
    const answer = await messenger.request('POST', '/v1/rooms/cr_1/messages', {
      token,
      body: { content: 'hello' },
    });
    expect(answer.status).toBe(201);
    const sent = answer.body as {
      messageId: string;
      room: string;
      partition: number;
      offset: string;
      sentTimestamp: string;
    };
    expect(sent.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.room).toBe('cr_1');
    expect(Date.parse(sent.sentTimestamp)).not.toBeNaN();

    const record = await produced(sent.messageId);
    expect(record.key?.toString()).toBe('cr_1');
    expect({ partition: record.partition, offset: record.offset }).toEqual({
      partition: sent.partition,
      offset: sent.offset,
    });
    const parsed = gateway.parseChatRecord(record);
    if (!parsed.ok) throw new Error(`the gateway refused the record: ${parsed.reason} ${parsed.detail}`);
    expect(parsed.message.id).toBe(sent.messageId);
    expect(parsed.message.room).toBe('cr_1');
    expect(parsed.message.allowedUserIds).toBeUndefined();
    expect(parsed.message.data).toEqual({
      chatRoomId: 'cr_1',
      senderId: 'u1',
      content: 'hello',
      sentTimestamp: sent.sentTimestamp,
      messageId: sent.messageId,
    });
    // No traceparent came in, so a new trace starts here and the response names it too.
    expect(parsed.message.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(parsed.message.traceparent?.split('-')[1]).toBe(answer.headers.get('traceparent')?.split('-')[1]);
  });

  it('continues the caller’s trace: same trace id, a new span', async () => {
    const token = await messenger.token('u2');
    const incoming = `00-${TRACE_ID}-00f067aa0ba902b7-01`;
    const answer = await messenger.request('POST', '/v1/rooms/cr_1/messages', {
      token,
      body: { content: 'traced' },
      headers: { traceparent: incoming },
    });
    expect(answer.status).toBe(201);
    const record = await produced((answer.body as { messageId: string }).messageId);
    const parsed = gateway.parseChatRecord(record);
    if (!parsed.ok) throw new Error(parsed.detail);
    const [, traceId, spanId] = (parsed.message.traceparent ?? '').split('-');
    expect(traceId).toBe(TRACE_ID);
    expect(spanId).not.toBe('00f067aa0ba902b7');
  });

  it('passes allowedUserIds through to the record', async () => {
    const token = await messenger.token('u1');
    const answer = await messenger.request('POST', '/v1/rooms/cr_1/messages', {
      token,
      body: { content: 'for u2 only', allowedUserIds: ['u2'] },
    });
    expect(answer.status).toBe(201);
    const parsed = gateway.parseChatRecord(await produced((answer.body as { messageId: string }).messageId));
    if (!parsed.ok) throw new Error(parsed.detail);
    expect([...(parsed.message.allowedUserIds ?? [])]).toEqual(['u2']);
    expect(parsed.message.data).not.toHaveProperty('allowedUserIds');
  });

  it('keeps a room on one partition, in the order it was posted', async () => {
    const token = await messenger.token('u1');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const answer = await messenger.request('POST', '/v1/rooms/cr_2/messages', {
        token,
        body: { content: `n${i}` },
      });
      ids.push((answer.body as { messageId: string }).messageId);
    }
    const records = await Promise.all(ids.map((id) => produced(id)));
    expect(new Set(records.map((r) => r.partition)).size).toBe(1);
    const offsets = records.map((r) => BigInt(r.offset));
    expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('refuses a non-member with 403 and produces nothing', async () => {
    const producedOk = async (): Promise<string | undefined> =>
      (await messenger.metrics())
        .split('\n')
        .find((l) => l.startsWith('cmf_messenger_messages_produced_total{result="ok"}'));
    const before = await producedOk();
    const token = await messenger.token('u3');
    expectError(
      await messenger.request('POST', '/v1/rooms/cr_1/messages', { token, body: { content: 'let me in' } }),
      403,
      'not_a_member',
    );
    // The rooms claim grants gateway reads, not REST writes: membership decides here.
    const claimed = await messenger.token('u3', ['cr_1']);
    expectError(
      await messenger.request('POST', '/v1/rooms/cr_1/messages', { token: claimed, body: { content: 'x' } }),
      403,
      'not_a_member',
    );
    expectError(
      await messenger.request('POST', '/v1/rooms/cr_404/messages', { token, body: { content: 'x' } }),
      404,
      'room_not_found',
    );
    // The stand-in's own count: a record still on its way to the tap cannot hide here.
    expect(await producedOk()).toBe(before);
  });

  it('refuses a missing, forged, expired or foreign token with 401', async () => {
    const body = { content: 'hi' };
    const now = Math.floor(Date.now() / 1000);
    const valid = { iss: ISSUER, aud: AUDIENCE, sub: 'u1', exp: now + 600 };
    const missing = await messenger.request('POST', '/v1/rooms/cr_1/messages', { body });
    expectError(missing, 401, 'missing_token');
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer /);

    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const cases: [string, Promise<string>, string][] = [
      ['signed by another key', sign(valid, otherKey), 'invalid_token'],
      ['expired', sign({ ...valid, exp: now - 3600 }), 'token_expired'],
      ['for another audience', sign({ ...valid, aud: 'someone-else' }), 'invalid_token'],
      ['from another issuer', sign({ ...valid, iss: 'https://idp.example' }), 'invalid_token'],
      ['without sub', sign({ iss: ISSUER, aud: AUDIENCE, exp: now + 600 }), 'invalid_token'],
      ['without exp', sign({ iss: ISSUER, aud: AUDIENCE, sub: 'u1' }), 'invalid_token'],
      ['not a JWT', Promise.resolve('not.a.jwt'), 'invalid_token'],
    ];
    for (const [name, token, code] of cases) {
      const answer = await messenger.request('POST', '/v1/rooms/cr_1/messages', { token: await token, body });
      expect({ name, status: answer.status, code: errorCode(answer) }).toEqual({ name, status: 401, code });
    }
    // The same claims signed with the stand-in's key are fine: the refusals above are about the token.
    const accepted = await messenger.request('POST', '/v1/rooms/cr_1/messages', {
      token: await sign(valid),
      body,
    });
    expect(accepted.status).toBe(201);
  });

  it('answers bad input with a status and a JSON error body', async () => {
    const token = await messenger.token('u1');
    const post = (body: unknown, headers?: Record<string, string>): Promise<JsonAnswer> =>
      messenger.request('POST', '/v1/rooms/cr_1/messages', { token, body, ...(headers ? { headers } : {}) });
    expectError(await post('{"content": '), 400, 'bad_json');
    expectError(await post('[]'), 400, 'bad_request');
    expectError(await post({}), 400, 'bad_request');
    expectError(await post({ content: '   ' }), 400, 'bad_request');
    expectError(await post({ content: 42 }), 400, 'bad_request');
    expectError(await post({ content: 'x'.repeat(51) }), 400, 'bad_request');
    expectError(await post({ content: 'ok', colour: 'red' }), 400, 'bad_request');
    expectError(await post({ content: 'ok', allowedUserIds: 'u2' }), 400, 'bad_request');
    expectError(await post('content=hi', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    expectError(await post({ content: 'x', pad: 'y'.repeat(4096) }), 413, 'body_too_large');
    expectError(
      await messenger.request('POST', '/v1/rooms/bad%20room/messages', { token, body: { content: 'x' } }),
      400,
      'bad_request',
    );
    expectError(
      await messenger.request('GET', '/v1/rooms/cr_1/messages', { token }),
      405,
      'method_not_allowed',
    );
    expectError(await messenger.request('GET', '/v1/nothing-here'), 404, 'not_found');
  });

  it('counts requests by route and status, produced messages and errors by code in /metrics', async () => {
    const token = await messenger.token('u1');
    const metricsBefore = await messenger.metrics();
    const count = (text: string, series: string): number => {
      const line = text.split('\n').find((l) => l.startsWith(series + ' '));
      return line === undefined ? 0 : Number(line.slice(series.length + 1));
    };
    const created =
      'cmf_messenger_http_requests_total{route="/v1/rooms/{room}/messages",method="POST",status="201"}';
    const badJson = 'cmf_messenger_http_errors_total{route="/v1/rooms/{room}/messages",code="bad_json"}';
    const producedOk = 'cmf_messenger_messages_produced_total{result="ok"}';
    await messenger.request('POST', '/v1/rooms/cr_1/messages', { token, body: { content: 'counted' } });
    await messenger.request('POST', '/v1/rooms/cr_1/messages', { token, body: '{' });
    const after = await messenger.metrics();
    expect(count(after, created)).toBe(count(metricsBefore, created) + 1);
    expect(count(after, badJson)).toBe(count(metricsBefore, badJson) + 1);
    expect(count(after, producedOk)).toBe(count(metricsBefore, producedOk) + 1);
    expect(after).toContain('cmf_messenger_ready 1');
    // Unknown paths share one label, whatever the path was.
    await messenger.request('GET', `/random/${randomUUID()}`);
    expect(await messenger.metrics()).toMatch(
      /cmf_messenger_http_requests_total\{route="unmatched",method="GET",status="404"\} \d+/,
    );
  });

  it('names the key the JWKS serves after the token header', async () => {
    const token = await messenger.token('u1');
    const jwks = (await messenger.request('GET', '/.well-known/jwks.json')).body as JSONWebKeySet;
    expect(decodeProtectedHeader(token).kid).toBe(jwks.keys[0]?.kid);
  });
});
