import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@cmf/test-harness';
import type {
  GatewayContract,
  GatewayMembershipClient,
  RawKafkaRecord,
} from '../../src/messenger/testing/gateway-contract.js';
import { MessengerFixture } from '../../src/messenger/testing/messenger-fixture.js';
import { errorCode, type MessengerProcess } from '../../src/messenger/testing/messenger-process.js';
import type { TopicTap } from '../../src/messenger/testing/topic-tap.js';

// Membership on the real stand-in: REST changes publish events that the gateway's own parser
// accepts, and the membership API answers the gateway's own client (both loaded from
// gateway/dist), including when faults are injected.

const PREFIX = 'msgmember';
const SERVICE_TOKEN = 'membership-service-token-0123456789';
const CHECK = '/internal/v1/memberships:check';
const FAULT = '/admin/faults/membership';

let fixture: MessengerFixture | undefined;
let messenger: MessengerProcess;
let events: TopicTap;
let gateway: GatewayContract;

function client(token = SERVICE_TOKEN, timeoutMs = 2000): GatewayMembershipClient {
  return new gateway.MembershipClient({
    baseUrl: messenger.url,
    timeoutMs,
    serviceToken: { token: () => Promise.resolve(token), refresh: () => undefined },
  });
}

async function failureOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    return gateway.failureOf(err);
  }
  throw new Error('expected the membership check to fail');
}

/** The events published since `from`, as the gateway parses them, with their record keys. */
function parsedEvents(from: number): { key: string | undefined; event: Record<string, unknown> }[] {
  return events.records.slice(from).map((record: RawKafkaRecord) => {
    const parsed = gateway.parseMembershipEvent(record);
    if (!parsed.ok) throw new Error(`the gateway refused an event: ${parsed.reason} ${parsed.detail}`);
    return { key: record.key?.toString(), event: parsed.event };
  });
}

/** Events the stand-in says it published (its metrics), summed over types. */
async function publishedCount(): Promise<number> {
  const text = await messenger.metrics();
  return text
    .split('\n')
    .filter(
      (line) => line.startsWith('cmf_messenger_events_published_total{') && line.includes('result="ok"'),
    )
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

/**
 * The tap's length once it holds every event published so far: a position to read "what the
 * next change publishes" from, without stragglers of an earlier test.
 */
async function settled(): Promise<number> {
  const published = await publishedCount();
  await eventually(`the tap to hold all ${published} published events`, () =>
    Promise.resolve(events.records.length >= published),
  );
  return events.records.length;
}

async function eventsAfter(
  from: number,
  count: number,
): Promise<{ key: string | undefined; event: Record<string, unknown> }[]> {
  await eventually(`${count} events on ${PREFIX}.events`, () =>
    Promise.resolve(events.records.length >= from + count),
  );
  return parsedEvents(from);
}

function withoutId(list: { key: string | undefined; event: Record<string, unknown> }[]): unknown[] {
  return list.map(({ key, event }) => {
    const { id, ...rest } = event;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    return { key, ...rest };
  });
}

beforeAll(async () => {
  fixture = await MessengerFixture.start({
    name: 'messenger-membership',
    topicPrefix: PREFIX,
    // One events partition: the test reads every event in the order it was published.
    partitions: { messages: 2, events: 1 },
    tap: 'events',
    seed: {
      rooms: [{ roomId: 'cr_seed', members: ['u1', 'u2'] }],
      admins: ['ops'],
      bannedUsers: ['u666'],
    },
    serviceToken: { value: SERVICE_TOKEN, in: 'file' },
  });
  ({ messenger, tap: events, gateway } = fixture);
});

afterAll(async () => {
  await fixture?.stop();
});

describe('membership changes publish events the gateway accepts', () => {
  it('creating a room publishes member_added for each member, keyed by the room', async () => {
    const from = await settled();
    const token = await messenger.token('u1');
    const created = await messenger.request('POST', '/v1/rooms', {
      token,
      body: { roomId: 'cr_new', members: ['u2'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ roomId: 'cr_new', members: ['u1', 'u2'] });
    expect(withoutId(await eventsAfter(from, 2))).toEqual([
      { key: 'cr_new', type: 'member_added', roomId: 'cr_new', userId: 'u1' },
      { key: 'cr_new', type: 'member_added', roomId: 'cr_new', userId: 'u2' },
    ]);
    const record = events.records[from];
    expect(record?.headers?.['traceparent']?.toString()).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const again = await messenger.request('POST', '/v1/rooms', { token, body: { roomId: 'cr_new' } });
    expect({ status: again.status, code: errorCode(again) }).toEqual({ status: 409, code: 'room_exists' });
  });

  it('a room without a given id gets one the gateway accepts', async () => {
    const created = await messenger.request('POST', '/v1/rooms', {
      token: await messenger.token('u5'),
      body: {},
    });
    expect(created.status).toBe(201);
    expect((created.body as { roomId: string }).roomId).toMatch(/^cr_[0-9a-f-]{36}$/);
  });

  it('adding and removing members publishes member_added and member_removed, each time it is asked', async () => {
    const from = await settled();
    const token = await messenger.token('u1');
    const added = await messenger.request('POST', '/v1/rooms/cr_new/members', {
      token,
      body: { userId: 'u3' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      roomId: 'cr_new',
      userId: 'u3',
      added: true,
      members: ['u1', 'u2', 'u3'],
    });
    // Repeating a change is how a caller repairs an event lost to a Kafka outage: it republishes.
    const repeated = await messenger.request('POST', '/v1/rooms/cr_new/members', {
      token,
      body: { userId: 'u3' },
    });
    expect(repeated.status).toBe(200);
    expect(repeated.body).toMatchObject({ added: false });
    const removed = await messenger.request('DELETE', '/v1/rooms/cr_new/members/u3', { token });
    expect(removed.status).toBe(204);
    expect(withoutId(await eventsAfter(from, 3))).toEqual([
      { key: 'cr_new', type: 'member_added', roomId: 'cr_new', userId: 'u3' },
      { key: 'cr_new', type: 'member_added', roomId: 'cr_new', userId: 'u3' },
      { key: 'cr_new', type: 'member_removed', roomId: 'cr_new', userId: 'u3' },
    ]);
    const view = await messenger.request('GET', '/v1/rooms/cr_new', { token });
    expect(view.body).toEqual({ roomId: 'cr_new', members: ['u1', 'u2'] });
  });

  it('only members change a room, and nothing is published for a refusal', async () => {
    const from = await settled();
    const outsider = await messenger.token('u9');
    const answers = [
      await messenger.request('POST', '/v1/rooms/cr_new/members', {
        token: outsider,
        body: { userId: 'u9' },
      }),
      await messenger.request('DELETE', '/v1/rooms/cr_new/members/u1', { token: outsider }),
      await messenger.request('DELETE', '/v1/rooms/cr_new', { token: outsider }),
      await messenger.request('GET', '/v1/rooms/cr_new', { token: outsider }),
    ];
    expect(answers.map((a) => [a.status, errorCode(a)])).toEqual(Array(4).fill([403, 'not_a_member']));
    const bad = await messenger.request('POST', '/v1/rooms/cr_new/members', {
      token: await messenger.token('u1'),
      body: { userId: '' },
    });
    expect([bad.status, errorCode(bad)]).toEqual([400, 'bad_request']);
    // Publish a marker change and check it is the first event after `from`.
    await messenger.request('POST', '/v1/rooms/cr_new/members', {
      token: await messenger.token('u1'),
      body: { userId: 'marker' },
    });
    expect(withoutId(await eventsAfter(from, 1))).toEqual([
      { key: 'cr_new', type: 'member_added', roomId: 'cr_new', userId: 'marker' },
    ]);
  });

  it('deleting a room publishes room_deleted; the room is gone for messages and checks', async () => {
    const token = await messenger.token('u1');
    await messenger.request('POST', '/v1/rooms', { token, body: { roomId: 'cr_doomed' } });
    const from = await settled();
    expect((await messenger.request('DELETE', '/v1/rooms/cr_doomed', { token })).status).toBe(204);
    expect(withoutId(await eventsAfter(from, 1))).toEqual([
      { key: 'cr_doomed', type: 'room_deleted', roomId: 'cr_doomed' },
    ]);
    const post = await messenger.request('POST', '/v1/rooms/cr_doomed/messages', {
      token,
      body: { content: 'x' },
    });
    expect([post.status, errorCode(post)]).toEqual([404, 'room_not_found']);
    expect(await client().check('u1', ['cr_doomed'])).toEqual(new Map([['cr_doomed', false]]));
  });

  it('an admin bans a user: user_banned keyed by the user; the user is locked out everywhere', async () => {
    const notAdmin = await messenger.request('POST', '/v1/users/u2/ban', {
      token: await messenger.token('u1'),
    });
    expect([notAdmin.status, errorCode(notAdmin)]).toEqual([403, 'not_admin']);
    const u2 = await messenger.token('u2');
    const from = await settled();
    const banned = await messenger.request('POST', '/v1/users/u2/ban', {
      token: await messenger.token('ops'),
    });
    expect(banned.status).toBe(200);
    expect(banned.body).toEqual({ userId: 'u2', banned: true });
    expect(withoutId(await eventsAfter(from, 1))).toEqual([{ key: 'u2', type: 'user_banned', userId: 'u2' }]);
    const post = await messenger.request('POST', '/v1/rooms/cr_seed/messages', {
      token: u2,
      body: { content: 'x' },
    });
    expect([post.status, errorCode(post)]).toEqual([403, 'user_banned']);
    const token = await messenger.request('POST', '/v1/demo/token', { body: { userId: 'u2' } });
    expect([token.status, errorCode(token)]).toEqual([403, 'user_banned']);
    expect(await client().check('u2', ['cr_seed', 'cr_new'])).toEqual(
      new Map([
        ['cr_seed', false],
        ['cr_new', false],
      ]),
    );
  });
});

describe('membership API (gateway/openapi/membership.yaml)', () => {
  it("answers the gateway's own client: true for members, false for anything else", async () => {
    const answers = await client().check('u1', ['cr_seed', 'cr_nope', 'cr_new']);
    expect(answers).toEqual(
      new Map([
        ['cr_seed', true],
        ['cr_nope', false],
        ['cr_new', true],
      ]),
    );
    expect(await client().check('u666', ['cr_seed'])).toEqual(new Map([['cr_seed', false]]));
    expect(await client().check('stranger', ['cr_seed'])).toEqual(new Map([['cr_seed', false]]));
  });

  it('answers a batch of 100 rooms in one request', async () => {
    const rooms = Array.from({ length: 100 }, (_, i) => `cr_batch_${i}`);
    const answer = await messenger.request('POST', CHECK, {
      headers: { authorization: `Bearer ${SERVICE_TOKEN}` },
      body: { userId: 'u1', roomIds: [...rooms, 'cr_seed'].slice(1) },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    const results = (answer.body as { results: Record<string, boolean> }).results;
    expect(Object.keys(results)).toHaveLength(100);
    expect(results['cr_seed']).toBe(true);
    expect(results['cr_batch_1']).toBe(false);
  });

  it('refuses a missing or wrong service token with 401 problem details', async () => {
    const missing = await messenger.request('POST', CHECK, { body: { userId: 'u1', roomIds: ['cr_seed'] } });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect(missing.body).toMatchObject({ status: 401, error: { code: 'missing_token' } });
    const wrong = await messenger.request('POST', CHECK, {
      headers: { authorization: 'Bearer not-the-service-token' },
      body: { userId: 'u1', roomIds: ['cr_seed'] },
    });
    expect(wrong.body).toMatchObject({ status: 401, error: { code: 'invalid_token' } });
    // A user token is not a service token.
    const user = await messenger.request('POST', CHECK, {
      token: await messenger.token('u1'),
      body: { userId: 'u1', roomIds: ['cr_seed'] },
    });
    expect(user.status).toBe(401);
    expect(await failureOf(client('a-wrong-token-0123456789').check('u1', ['cr_seed']))).toBe(
      'credentials_rejected',
    );
  });

  it('refuses requests that break the contract with 400 problem details', async () => {
    const bodies: unknown[] = [
      { roomIds: ['cr_seed'] },
      { userId: '', roomIds: ['cr_seed'] },
      { userId: 'u1', roomIds: [] },
      { userId: 'u1', roomIds: Array.from({ length: 101 }, (_, i) => `cr_${i}`) },
      { userId: 'u1', roomIds: ['cr_seed', 'cr_seed'] },
      { userId: 'u1', roomIds: ['bad room'] },
      { userId: 'u1', roomIds: ['cr_seed'], extra: true },
      '{"userId":',
    ];
    for (const body of bodies) {
      const answer = await messenger.request('POST', CHECK, {
        headers: { authorization: `Bearer ${SERVICE_TOKEN}` },
        body,
      });
      expect({ body, status: answer.status, type: answer.headers.get('content-type') }).toEqual({
        body,
        status: 400,
        type: 'application/problem+json',
      });
      expect((answer.body as { status: number }).status).toBe(400);
    }
  });

  it('follows a rotated service token file without a restart', async () => {
    const rotating = fixture;
    if (rotating === undefined) throw new Error('unreachable');
    rotating.writeServiceToken('rotated-service-token-0123456789');
    try {
      // The file is reread on a mismatch at most once a second, so the new token is accepted soon.
      await eventually('the rotated token accepted', async () => {
        try {
          const answers = await client('rotated-service-token-0123456789').check('u1', ['cr_seed']);
          return answers.get('cr_seed') === true;
        } catch (err) {
          if (gateway.failureOf(err) === 'credentials_rejected') return false;
          throw err;
        }
      });
    } finally {
      rotating.writeServiceToken(SERVICE_TOKEN);
    }
    await eventually('the original token accepted again', async () => {
      const answer = await messenger.request('POST', CHECK, {
        headers: { authorization: `Bearer ${SERVICE_TOKEN}` },
        body: { userId: 'u1', roomIds: ['cr_seed'] },
      });
      return answer.status === 200;
    });
  });
});

describe('fault injection', () => {
  const admin = { authorization: `Bearer ${SERVICE_TOKEN}` };

  it('is guarded by the service token', async () => {
    const answer = await messenger.request('PUT', FAULT, { body: { mode: 'fail' } });
    expect([answer.status, errorCode(answer)]).toEqual([401, 'missing_token']);
    expect((await messenger.request('GET', FAULT, { headers: admin })).body).toEqual({
      membership: { mode: 'none' },
    });
  });

  it('makes the membership API fail with a 5xx the gateway counts as a server error, then recover', async () => {
    const set = await messenger.request('PUT', FAULT, {
      headers: admin,
      body: { mode: 'fail', status: 503 },
    });
    expect(set.body).toEqual({ membership: { mode: 'fail', status: 503 } });
    try {
      const raw = await messenger.request('POST', CHECK, {
        headers: admin,
        body: { userId: 'u1', roomIds: ['cr_seed'] },
      });
      expect(raw.status).toBe(503);
      expect(raw.headers.get('retry-after')).toBe('1');
      expect(raw.body).toMatchObject({ status: 503, error: { code: 'injected_fault' } });
      expect(await failureOf(client().check('u1', ['cr_seed']))).toBe('server_error');
      // Credentials are still checked first: a breaker test also proves the gateway sends them.
      expect(await failureOf(client('a-wrong-token-0123456789').check('u1', ['cr_seed']))).toBe(
        'credentials_rejected',
      );
    } finally {
      await messenger.request('DELETE', FAULT, { headers: admin });
    }
    expect(await client().check('u1', ['cr_seed'])).toEqual(new Map([['cr_seed', true]]));
  });

  it('makes the membership API hang until the caller gives up; clearing it answers held calls', async () => {
    await messenger.request('PUT', FAULT, { headers: admin, body: { mode: 'hang' } });
    try {
      expect(await failureOf(client(SERVICE_TOKEN, 300).check('u1', ['cr_seed']))).toBe('timeout');
      const held = client(SERVICE_TOKEN, 60_000).check('u1', ['cr_seed']);
      await eventually('the held call to reach the stand-in', async () =>
        /cmf_messenger_membership_checks_total\{outcome="fault_hang"\} ([2-9]|\d{2,})/.test(
          await messenger.metrics(),
        ),
      );
      await messenger.request('DELETE', FAULT, { headers: admin });
      expect(await held).toEqual(new Map([['cr_seed', true]]));
    } finally {
      await messenger.request('DELETE', FAULT, { headers: admin });
    }
  });

  it('refuses a fault it does not know', async () => {
    for (const body of [{ mode: 'explode' }, { mode: 'fail', status: 404 }, { mode: 'hang', delay: 1 }]) {
      const answer = await messenger.request('PUT', FAULT, { headers: admin, body });
      expect([answer.status, errorCode(answer)]).toEqual([400, 'bad_request']);
    }
  });
});
