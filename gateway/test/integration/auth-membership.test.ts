import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthSidecarProcess as SidecarProcess,
  eventually,
  GatewayProcess,
  KafkaBroker,
} from '@cmf/test-harness';
import { CmfClient } from '../../src/client/index.js';
import { ChatFixture, rawHandshake } from '../support/chat-fixture.js';
import { JwksServer } from '../support/jwks-server.js';
import { MembershipEventsProducer } from '../support/membership-events-producer.js';
import { MembershipStub, StubMode } from '../support/membership-stub.js';
import { MetricsScrape } from '../support/metrics-scrape.js';
import { signingKey, type SigningKey } from '../support/signing-key.js';
import { epochSeconds, TokenMinter } from '../support/token-minter.js';
import { WireClient, type ServerFrame } from '../support/wire-client.js';

// Authentication and room membership end to end, through the real processes a Pod runs: the
// auth sidecar (ES256 tokens against a JWKS the test serves, a client token shared with the
// gateway), the gateway in sidecar mode asking a contract-faithful membership service and
// reading membership events from Kafka, and clients on raw WebSockets (and the SDK) that record
// every frame in order.

const PREFIX = 'authm';
const ISSUER = 'https://idp.cmf.test';
const AUDIENCE = 'cmf-gateway';
const ORIGIN = 'https://chat.cmf.test';
/** The breaker gateway's cache TTL: short, so "recently a member" is past it within the test. */
const SHORT_TTL_MS = 1000;

const Series = {
  token: 'cmf_gateway_membership_rooms_total{source="token"}',
  cache: 'cmf_gateway_membership_rooms_total{source="cache"}',
  check: 'cmf_gateway_membership_rooms_total{source="check"}',
  stale: 'cmf_gateway_membership_rooms_total{source="stale"}',
  unavailable: 'cmf_gateway_membership_rooms_total{source="unavailable"}',
  checks: 'cmf_gateway_membership_checks_total',
  failures: 'cmf_gateway_membership_check_failures_total{kind="unavailable"}',
  shortCircuits: 'cmf_gateway_membership_check_failures_total{kind="short_circuit"}',
  open: 'cmf_gateway_membership_breaker_state{state="open"}',
  halfOpen: 'cmf_gateway_membership_breaker_state{state="halfOpen"}',
  closed: 'cmf_gateway_membership_breaker_state{state="closed"}',
  opened: 'cmf_gateway_membership_breaker_opened_total',
  applied: 'cmf_gateway_membership_events_total{result="applied"}',
  invalid: 'cmf_gateway_membership_events_total{result="invalid"}',
  revoked: 'cmf_gateway_membership_revocations_total{kind="subscription"}',
  bans: 'cmf_gateway_membership_revocations_total{kind="ban"}',
  unauthorizedCalls: 'cmf_auth_api_unauthorized_total',
} as const;

const handshakes = (result: string): string => `cmf_gateway_handshakes_total{result="${result}"}`;
const decisions = (result: 'accepted' | 'refused', reason = 'none', detail = 'none'): string =>
  `cmf_auth_decisions_total{result="${result}",reason="${reason}",detail="${detail}"}`;

/** room -> 'ok' or the error code, from a `subscribed` reply. */
function outcomes(reply: ServerFrame): Record<string, string> {
  expect(reply.type).toBe('subscribed');
  const rooms = reply['rooms'] as { room: string; ok: boolean; error?: { code: string } }[];
  return Object.fromEntries(rooms.map((r) => [r.room, r.ok ? 'ok' : (r.error?.code ?? '?')]));
}

function roomResult(reply: ServerFrame, room: string): Record<string, unknown> | undefined {
  return (reply['rooms'] as Record<string, unknown>[]).find((r) => r['room'] === room);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs every step, each to completion or failure, and ignores the failures (teardown). */
async function settle(...steps: (() => Promise<unknown>)[]): Promise<void> {
  await Promise.allSettled(steps.map((step) => Promise.resolve().then(step)));
}

describe('authentication and room membership through the sidecar, the gateway and the messenger', () => {
  let broker: KafkaBroker;
  let chat: ChatFixture;
  let events: MembershipEventsProducer;
  let dir = '';
  let key: SigningKey;
  let impostor: SigningKey;
  let minter: TokenMinter;
  const jwks = new JwksServer();
  let sidecar: SidecarProcess;
  /** The membership service of the main gateway: always up, so every check it starts arrives. */
  const stub = new MembershipStub();
  /** The membership service of the breaker gateway, which the test takes down and slows down. */
  const flakyStub = new MembershipStub();
  let gateway: GatewayProcess;
  let breakerGateway: GatewayProcess;
  const clients: WireClient[] = [];
  /** The handshake counts of each fail-closed gateway, read just before it stopped. */
  const failClosedHandshakes: MetricsScrape[] = [];
  let messageSeq = 0;

  const tokenFile = (): string => path.join(dir, 'client-token');

  function token(user: string, rooms: readonly string[] = [], exp?: number): Promise<string> {
    return minter.mint({ sub: user, claims: { rooms: [...rooms] }, ...(exp === undefined ? {} : { exp }) });
  }

  async function connect(
    target: GatewayProcess,
    user: string,
    rooms: readonly string[] = [],
  ): Promise<WireClient> {
    const client = await WireClient.open(target.url, await token(user, rooms));
    clients.push(client);
    return client;
  }

  /** Produces one message per id into `room`, in order; the ids are unique across the file. */
  async function produce(room: string, count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => `${room}-m${++messageSeq}`);
    await chat.send(ids.map((id) => ({ room, id })));
    return ids;
  }

  async function received(client: WireClient, room: string, count: number): Promise<string[]> {
    await client.next(`${count} messages of ${room}`, () => client.messages(room).length >= count);
    return client.ids(room);
  }

  const scrape = (target: GatewayProcess): Promise<MetricsScrape> =>
    MetricsScrape.of(`${target.adminUrl}/metrics`);
  const scrapeSidecar = (): Promise<MetricsScrape> => MetricsScrape.of(`${sidecar.adminUrl}/metrics`);

  function gatewayEnv(
    membershipUrl: string | undefined,
    extra: Record<string, string> = {},
  ): Record<string, string> {
    return {
      CMF_AUTH_MODE: 'sidecar',
      CMF_AUTH_SIDECAR_URL: sidecar.url,
      CMF_AUTH_SIDECAR_TOKEN_FILE: tokenFile(),
      CMF_AUTH_SIDECAR_TIMEOUT: '5s',
      ...(membershipUrl === undefined ? {} : { CMF_MEMBERSHIP_URL: membershipUrl }),
      ...extra,
    };
  }

  beforeAll(async () => {
    broker = await KafkaBroker.start();
    chat = await ChatFixture.create(broker.bootstrap, PREFIX, 3);
    events = await MembershipEventsProducer.create(broker.bootstrap, PREFIX);

    // The impostor signs under the same kid: a token from it is a bad signature, not an unknown key.
    [key, impostor] = await Promise.all([signingKey('es-1', 'ES256'), signingKey('es-1', 'ES256')]);
    minter = new TokenMinter({ key, issuer: ISSUER, audience: AUDIENCE, subject: 'nobody' });
    jwks.keys = [key.jwk];
    await jwks.start();

    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cmf-authm-'));
    // What the operator generates per ChatGateway and mounts into both containers.
    fs.writeFileSync(tokenFile(), `${randomBytes(24).toString('hex')}\n`);
    fs.writeFileSync(path.join(dir, 'wrong-token'), `${randomBytes(24).toString('hex')}\n`);
    fs.writeFileSync(
      path.join(dir, 'issuers.json'),
      JSON.stringify([{ issuer: ISSUER, audience: AUDIENCE, jwksUrl: jwks.url, algorithms: ['ES256'] }]),
    );
    sidecar = await SidecarProcess.start({
      env: {
        CMF_SIDECAR_ISSUERS_FILE: path.join(dir, 'issuers.json'),
        CMF_SIDECAR_CLIENT_TOKEN_FILE: tokenFile(),
        CMF_SIDECAR_ALLOWED_ORIGINS: ORIGIN,
        // Every client here is 127.0.0.1: a limit sized for one browser would refuse the test.
        CMF_SIDECAR_RATE_LIMIT_PER_MINUTE: '100000',
        CMF_SIDECAR_RATE_LIMIT_BURST: '10000',
      },
    });

    await Promise.all([stub.up(), flakyStub.up()]);
    flakyStub.slowMs = 10_000;
    [gateway, breakerGateway] = await Promise.all([
      GatewayProcess.start({
        brokers: broker.bootstrap,
        topicPrefix: PREFIX,
        // Decisions outlive the test: only an event can make the gateway ask again.
        env: gatewayEnv(stub.baseUrl, {
          CMF_MEMBERSHIP_CACHE_TTL: '10m',
          CMF_MEMBERSHIP_DENY_TTL: '10m',
          CMF_MEMBERSHIP_TIMEOUT: '5s',
        }),
      }),
      GatewayProcess.start({
        brokers: broker.bootstrap,
        topicPrefix: PREFIX,
        env: gatewayEnv(flakyStub.baseUrl, {
          CMF_MEMBERSHIP_CACHE_TTL: `${SHORT_TTL_MS}ms`,
          CMF_MEMBERSHIP_DENY_TTL: `${SHORT_TTL_MS}ms`,
          CMF_MEMBERSHIP_STALE_TTL: '10m',
          CMF_MEMBERSHIP_TIMEOUT: '400ms',
          CMF_MEMBERSHIP_BREAKER_ERROR_PERCENT: '50',
          CMF_MEMBERSHIP_BREAKER_VOLUME_THRESHOLD: '2',
          // Long enough that a subscribe right after the breaker opened is surely short-circuited.
          CMF_MEMBERSHIP_BREAKER_RESET_TIMEOUT: '6s',
        }),
      }),
    ]);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    // Whatever beforeAll got to start is stopped; what it did not start fails here quietly.
    await settle(
      () => gateway.kill(),
      () => breakerGateway.kill(),
    );
    await settle(
      () => sidecar.kill(),
      () => stub.down(),
      () => flakyStub.down(),
      () => jwks.stop(),
      () => events.close(),
      () => chat.close(),
    );
    await settle(() => broker.destroy());
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('handshakes', () => {
    it('completes a valid handshake and refuses bad signatures, expiry, another audience and another Origin before the upgrade', async () => {
      const [gatewayBefore, sidecarBefore] = await Promise.all([scrape(gateway), scrapeSidecar()]);
      const exp = epochSeconds() + 600;
      const good = await token('ana', [], exp);
      const ana = await WireClient.open(gateway.url, good, { origin: ORIGIN });
      clients.push(ana);
      expect(ana.welcome).toMatchObject({
        type: 'welcome',
        protocol: 1,
        userId: 'ana',
        expiresAt: exp * 1000,
      });
      const anaByHeader = await WireClient.open(gateway.url, good, { transport: 'header' });
      clients.push(anaByHeader);
      expect(anaByHeader.welcome).toMatchObject({ userId: 'ana' });

      const offer = (jwt: string, origin?: string): Record<string, string> => ({
        'sec-websocket-protocol': `cmf.v1.json, cmf.token.${jwt}`,
        ...(origin === undefined ? {} : { origin }),
      });
      const forged = await minter.mint({ sub: 'ana', key: impostor });
      const expired = await minter.mint({ sub: 'ana', exp: epochSeconds() - 120 });
      const elsewhere = await minter.mint({ sub: 'ana', aud: 'another-service' });
      const refusals = {
        forged: await rawHandshake(gateway.url, offer(forged)),
        expired: await rawHandshake(gateway.url, offer(expired)),
        elsewhere: await rawHandshake(gateway.url, offer(elsewhere)),
        origin: await rawHandshake(gateway.url, offer(good, 'https://evil.example')),
        none: await rawHandshake(gateway.url, { 'sec-websocket-protocol': 'cmf.v1.json' }),
      };
      const body = (error: string): unknown => ({ error, message: expect.any(String) as string });
      expect(refusals).toEqual({
        forged: { status: 401, body: body('invalid_token') },
        expired: { status: 401, body: body('token_expired') },
        elsewhere: { status: 401, body: body('invalid_token') },
        origin: { status: 403, body: body('origin_not_allowed') },
        none: { status: 401, body: body('missing_token') },
      });
      expect(await rawHandshake(gateway.url, offer(good, ORIGIN))).toEqual({ status: 101, body: null });

      const [gatewayAfter, sidecarAfter] = await Promise.all([scrape(gateway), scrapeSidecar()]);
      expect(gatewayAfter.changed(gatewayBefore, 'cmf_gateway_handshakes_total')).toEqual({
        [handshakes('accepted')]: 3,
        [handshakes('invalid_token')]: 2,
        [handshakes('token_expired')]: 1,
        [handshakes('origin_not_allowed')]: 1,
        [handshakes('missing_token')]: 1,
      });
      expect(sidecarAfter.changed(sidecarBefore, 'cmf_auth_decisions_total')).toEqual({
        [decisions('accepted')]: 3,
        [decisions('refused', 'invalid_token', 'bad_signature')]: 1,
        [decisions('refused', 'token_expired', 'expired')]: 1,
        [decisions('refused', 'invalid_token', 'wrong_audience')]: 1,
        [decisions('refused', 'origin_not_allowed', 'origin_not_listed')]: 1,
        [decisions('refused', 'missing_token', 'no_token')]: 1,
      });
    });

    it('fails closed: a gateway without the right client token for its sidecar refuses every handshake with 503', async () => {
      const sidecarBefore = await scrapeSidecar();
      const env = gatewayEnv(undefined);
      const withoutToken = Object.fromEntries(
        Object.entries(env).filter(([name]) => name !== 'CMF_AUTH_SIDECAR_TOKEN_FILE'),
      );
      const [wrong, missing] = await Promise.all([
        GatewayProcess.start({
          brokers: broker.bootstrap,
          topicPrefix: PREFIX,
          env: { ...env, CMF_AUTH_SIDECAR_TOKEN_FILE: path.join(dir, 'wrong-token') },
        }),
        GatewayProcess.start({ brokers: broker.bootstrap, topicPrefix: PREFIX, env: withoutToken }),
      ]);
      try {
        const good = await token('bo', ['r1_any']);
        for (const target of [wrong, missing]) {
          for (const headers of [
            { 'sec-websocket-protocol': `cmf.v1.json, cmf.token.${good}` },
            { 'sec-websocket-protocol': 'cmf.v1.json', authorization: `Bearer ${good}`, origin: ORIGIN },
            { 'sec-websocket-protocol': 'cmf.v1.json' },
          ]) {
            expect(await rawHandshake(target.url, headers)).toEqual({
              status: 503,
              body: { error: 'auth_unavailable', message: expect.any(String) as string },
            });
          }
          const seen = await scrape(target);
          failClosedHandshakes.push(seen);
          expect(seen.changed(MetricsScrape.parse(''), 'cmf_gateway_handshakes_total')).toEqual({
            [handshakes('auth_unavailable')]: 3,
          });
        }
      } finally {
        await Promise.all([wrong.kill(), missing.kill()]);
      }
      // The sidecar turned each of them away at its door, and decided nothing about the clients.
      const sidecarAfter = await scrapeSidecar();
      expect(sidecarAfter.since(sidecarBefore, [Series.unauthorizedCalls])).toEqual({
        [Series.unauthorizedCalls]: 6,
      });
      expect(sidecarAfter.changed(sidecarBefore, 'cmf_auth_decisions_total')).toEqual({});
    });
  });

  describe('room subscriptions', () => {
    it('lets a member in after one check, refuses a non-member as forbidden, and grants token rooms without a check', async () => {
      stub.add('cleo', 'r2_member');
      const before = await scrape(gateway);
      const cleo = await connect(gateway, 'cleo', ['r2_granted']);
      const reply = await cleo.subscribe('r2_member', 'r2_granted', 'r2_other');
      expect(outcomes(reply)).toEqual({ r2_member: 'ok', r2_granted: 'ok', r2_other: 'forbidden' });
      expect(roomResult(reply, 'r2_other')).toEqual({
        room: 'r2_other',
        ok: false,
        error: { code: 'forbidden', number: 112, message: 'not a member of r2_other', retryable: false },
      });
      // One batched request, and none for the room the token grants.
      expect(stub.requests.filter((r) => r.userId === 'cleo')).toEqual([
        { userId: 'cleo', roomIds: ['r2_member', 'r2_other'], authorization: undefined },
      ]);

      // A member of r2_other, so its messages are certainly fanned out while cleo is connected.
      stub.add('dov', 'r2_other');
      const dov = await connect(gateway, 'dov');
      expect(outcomes(await dov.subscribe('r2_other'))).toEqual({ r2_other: 'ok' });

      const member = await produce('r2_member', 3);
      const granted = await produce('r2_granted', 2);
      const other = await produce('r2_other', 2);
      expect(await received(cleo, 'r2_member', 3)).toEqual(member);
      expect(await received(cleo, 'r2_granted', 2)).toEqual(granted);
      expect(await received(dov, 'r2_other', 2)).toEqual(other);
      await cleo.barrier();
      expect(cleo.messages()).toHaveLength(5);
      expect(cleo.timeline('r2_other')).toEqual(['subscribed forbidden']);

      // Cached: subscribing again on another connection asks nobody.
      const requests = stub.requests.length;
      const again = await connect(gateway, 'cleo');
      expect(outcomes(await again.subscribe('r2_member', 'r2_other'))).toEqual({
        r2_member: 'ok',
        r2_other: 'forbidden',
      });
      expect(stub.requests.length).toBe(requests);

      const after = await scrape(gateway);
      expect(after.since(before, [Series.token, Series.check, Series.cache, Series.checks])).toEqual({
        [Series.token]: 1,
        [Series.check]: 3, // cleo: r2_member, r2_other; dov: r2_other
        [Series.cache]: 2,
        [Series.checks]: 2,
      });
    });

    it('through the SDK: a forbidden room rejects its subscribe as not retryable, a member room resolves', async () => {
      stub.add('eli', 'r2_sdk');
      const sdk = new CmfClient({
        url: gateway.url,
        token: await token('eli'),
        reconnect: { maxAttempts: 0 },
      });
      try {
        await sdk.connect();
        await expect(sdk.subscribe('r2_not_eli')).rejects.toMatchObject({
          name: 'SubscribeError',
          room: 'r2_not_eli',
          payload: { code: 'forbidden', number: 112, retryable: false },
        });
        expect(await sdk.subscribe('r2_sdk')).toEqual({ room: 'r2_sdk', recovered: false, missed: 0 });
        const seen: string[] = [];
        sdk.on('message', (m) => seen.push(m.id));
        const ids = await produce('r2_sdk', 2);
        await eventually(
          'the SDK to deliver both messages',
          () => Promise.resolve(seen.length === 2),
          30_000,
        );
        expect(seen).toEqual(ids);
      } finally {
        sdk.close();
      }
    });
  });

  describe('membership events', () => {
    it("member_removed ends that member's subscription at once and keeps it out; other members keep receiving", async () => {
      stub.add('fay', 'r3_team');
      stub.add('gil', 'r3_team');
      const before = await scrape(gateway);
      const fay = await connect(gateway, 'fay');
      const gil = await connect(gateway, 'gil');
      expect(outcomes(await fay.subscribe('r3_team'))).toEqual({ r3_team: 'ok' });
      expect(outcomes(await gil.subscribe('r3_team'))).toEqual({ r3_team: 'ok' });
      const first = await produce('r3_team', 2);
      expect(await received(fay, 'r3_team', 2)).toEqual(first);
      expect(await received(gil, 'r3_team', 2)).toEqual(first);

      // The messenger commits the change, then publishes it.
      stub.remove('fay', 'r3_team');
      await events.send({ type: 'member_removed', roomId: 'r3_team', userId: 'fay' });
      const pushed = await fay.next('the unsubscribed push', (f) => f.type === 'unsubscribed');
      expect(pushed).toEqual({
        type: 'unsubscribed',
        rooms: ['r3_team'],
        reason: { code: 'forbidden', number: 112, message: 'removed from the room', retryable: false },
      });

      const later = await produce('r3_team', 3);
      expect(await received(gil, 'r3_team', 5)).toEqual([...first, ...later]);
      await fay.barrier();
      expect(fay.ids('r3_team')).toEqual(first);

      // The cached "member" went with the event: the gateway asks again, and the answer is no.
      expect(stub.asked('fay', 'r3_team')).toBe(1);
      expect(outcomes(await fay.subscribe('r3_team'))).toEqual({ r3_team: 'forbidden' });
      expect(stub.asked('fay', 'r3_team')).toBe(2);
      expect(fay.isOpen).toBe(true);
      const messages = (ids: string[]): string[] => ids.map((id) => `message ${id}`);
      expect(fay.sent.map((f) => f['type'])).toEqual(['subscribe', 'ping', 'subscribe']);
      expect(fay.timeline('r3_team')).toEqual([
        'subscribed ok',
        ...messages(first),
        'unsubscribed forbidden',
        'subscribed forbidden',
      ]);
      expect(gil.timeline('r3_team')).toEqual(['subscribed ok', ...messages([...first, ...later])]);

      const after = await scrape(gateway);
      expect(after.since(before, [Series.applied, Series.revoked, Series.invalid])).toEqual({
        [Series.applied]: 1,
        [Series.revoked]: 1,
        [Series.invalid]: 0,
      });
    });

    it('member_added lets a user refused a moment ago in at once, although the refusal was cached for minutes', async () => {
      const hugo = await connect(gateway, 'hugo');
      expect(outcomes(await hugo.subscribe('r3_new'))).toEqual({ r3_new: 'forbidden' });
      expect(outcomes(await hugo.subscribe('r3_new'))).toEqual({ r3_new: 'forbidden' });
      expect(stub.asked('hugo', 'r3_new')).toBe(1); // the second refusal came from the cache

      const before = await scrape(gateway);
      stub.add('hugo', 'r3_new');
      await events.send({ type: 'member_added', roomId: 'r3_new', userId: 'hugo' });
      await eventually('the member_added event to be applied', async () => {
        return (await scrape(gateway)).since(before, [Series.applied])[Series.applied] === 1;
      });
      expect(outcomes(await hugo.subscribe('r3_new'))).toEqual({ r3_new: 'ok' });
      expect(stub.asked('hugo', 'r3_new')).toBe(2);
      const ids = await produce('r3_new', 2);
      expect(await received(hugo, 'r3_new', 2)).toEqual(ids);
    });

    it('room_deleted ends every subscription of the room, token-granted ones too, and no other', async () => {
      stub.add('ines', 'r3_gone', 'r3_kept');
      const ines = await connect(gateway, 'ines');
      const jon = await connect(gateway, 'jon', ['r3_gone']);
      expect(outcomes(await ines.subscribe('r3_gone', 'r3_kept'))).toEqual({ r3_gone: 'ok', r3_kept: 'ok' });
      expect(outcomes(await jon.subscribe('r3_gone'))).toEqual({ r3_gone: 'ok' });
      const gone = await produce('r3_gone', 1);
      expect(await received(ines, 'r3_gone', 1)).toEqual(gone);
      expect(await received(jon, 'r3_gone', 1)).toEqual(gone);

      const before = await scrape(gateway);
      await events.send({ type: 'room_deleted', roomId: 'r3_gone' });
      const reason = { code: 'forbidden', number: 112, message: 'the room was deleted', retryable: false };
      for (const client of [ines, jon]) {
        expect(await client.next('the unsubscribed push', (f) => f.type === 'unsubscribed')).toEqual({
          type: 'unsubscribed',
          rooms: ['r3_gone'],
          reason,
        });
      }
      await produce('r3_gone', 2);
      const kept = await produce('r3_kept', 2);
      expect(await received(ines, 'r3_kept', 2)).toEqual(kept);
      await Promise.all([ines.barrier(), jon.barrier()]);
      expect(ines.timeline('r3_gone')).toEqual([
        'subscribed ok',
        `message ${gone[0]}`,
        'unsubscribed forbidden',
      ]);
      expect(jon.timeline('r3_gone')).toEqual([
        'subscribed ok',
        `message ${gone[0]}`,
        'unsubscribed forbidden',
      ]);
      expect(ines.timeline('r3_kept')).toEqual(['subscribed ok', ...kept.map((id) => `message ${id}`)]);
      // The token still names the deleted room; the deletion outlives it (CMF_MEMBERSHIP_REVOCATION_TTL).
      expect(outcomes(await jon.subscribe('r3_gone'))).toEqual({ r3_gone: 'forbidden' });

      const after = await scrape(gateway);
      expect(after.since(before, [Series.applied, Series.revoked])).toEqual({
        [Series.applied]: 1,
        [Series.revoked]: 2,
      });
    });

    it("user_banned closes every socket of that user with 4502 and nobody else's", async () => {
      stub.add('kai', 'r3_ban');
      stub.add('lia', 'r3_ban');
      const kaiPhone = await connect(gateway, 'kai');
      const kaiLaptop = await connect(gateway, 'kai');
      const lia = await connect(gateway, 'lia');
      for (const client of [kaiPhone, kaiLaptop, lia]) {
        expect(outcomes(await client.subscribe('r3_ban'))).toEqual({ r3_ban: 'ok' });
      }
      const before = await scrape(gateway);
      await events.send({ type: 'user_banned', userId: 'kai' });
      const closes = await Promise.all([kaiPhone.closed, kaiLaptop.closed]);
      expect(closes).toEqual([
        { code: 4502, reason: 'forbidden: banned' },
        { code: 4502, reason: 'forbidden: banned' },
      ]);
      const ids = await produce('r3_ban', 2);
      expect(await received(lia, 'r3_ban', 2)).toEqual(ids);
      await lia.barrier();
      expect(lia.isOpen).toBe(true);
      expect(kaiPhone.timeline('r3_ban')).toEqual(['subscribed ok']);
      expect(kaiLaptop.timeline('r3_ban')).toEqual(['subscribed ok']);
      expect(lia.timeline('r3_ban')).toEqual(['subscribed ok', ...ids.map((id) => `message ${id}`)]);
      // The tokens kai still holds are refused before the upgrade while the ban lasts.
      const offer = { 'sec-websocket-protocol': `cmf.v1.json, cmf.token.${await token('kai', ['r3_ban'])}` };
      expect(await rawHandshake(gateway.url, offer)).toEqual({
        status: 403,
        body: { error: 'user_banned', message: 'this user is banned' },
      });

      const after = await scrape(gateway);
      expect(after.since(before, [Series.applied, Series.bans, Series.revoked])).toEqual({
        [Series.applied]: 1,
        [Series.bans]: 1,
        [Series.revoked]: 0,
      });
    });
  });

  describe('membership service outage', () => {
    for (const outage of ['down', 'slow'] as const) {
      it(`${outage}: live subscriptions keep receiving, known members are served stale, the unknown are refused as retryable, the breaker opens and closes again`, async () => {
        const user = `max_${outage}`;
        const live = `r4_${outage}_live`;
        const known = `r4_${outage}_known`;
        const fresh = `r4_${outage}_new`;
        flakyStub.add(user, live, known, fresh);
        const max = await connect(breakerGateway, user);
        expect(outcomes(await max.subscribe(live, known))).toEqual({ [live]: 'ok', [known]: 'ok' });
        expect((await max.request({ type: 'unsubscribe', rooms: [known] })).type).toBe('unsubscribed');
        const liveIds = await produce(live, 2);
        expect(await received(max, live, 2)).toEqual(liveIds);
        // Past the cache TTL, so the next subscribe to `known` has to ask (and finds nobody).
        await sleep(SHORT_TTL_MS + 500);
        const before = await scrape(breakerGateway);
        expect(before.value(Series.closed)).toBe(1);

        const requestsBefore = flakyStub.requests.length;
        if (outage === 'down') await flakyStub.down();
        else flakyStub.mode = StubMode.Slow;

        liveIds.push(...(await produce(live, 3)));
        expect(await received(max, live, 5)).toEqual(liveIds);

        expect(outcomes(await max.subscribe(known))).toEqual({ [known]: 'ok' });
        const refused = await max.subscribe(fresh);
        expect(roomResult(refused, fresh)).toEqual({
          room: fresh,
          ok: false,
          error: {
            code: 'membership_unavailable',
            number: 101,
            message: expect.any(String) as string,
            retryable: true,
          },
        });

        // Rooms never checked keep failing until the failures open the breaker.
        let probes = 0;
        await eventually('the breaker to open', async () => {
          const room = `r4_${outage}_probe_${++probes}`;
          expect(outcomes(await max.subscribe(room))).toEqual({ [room]: 'membership_unavailable' });
          return (await scrape(breakerGateway)).value(Series.open) === 1;
        });
        const requestsWhileOpen = flakyStub.requests.length;
        expect(outcomes(await max.subscribe(fresh))).toEqual({ [fresh]: 'membership_unavailable' });
        expect(flakyStub.requests.length).toBe(requestsWhileOpen);

        liveIds.push(...(await produce(live, 3)));
        expect(await received(max, live, 8)).toEqual(liveIds);
        const open = await scrape(breakerGateway);
        expect(open.since(before, [Series.stale, Series.opened])).toEqual({
          [Series.stale]: 1,
          [Series.opened]: 1,
        });
        expect(open.value(Series.shortCircuits) - before.value(Series.shortCircuits)).toBeGreaterThanOrEqual(
          1,
        );
        // Every check that was not short-circuited reached the service (slow) or found it gone (down).
        const failed = open.value(Series.failures) - before.value(Series.failures);
        expect(flakyStub.requests.length - requestsBefore).toBe(outage === 'slow' ? failed : 0);

        if (outage === 'down') await flakyStub.up();
        flakyStub.mode = StubMode.Up;
        await eventually('the reset timeout to half-open the breaker', async () => {
          return (await scrape(breakerGateway)).value(Series.halfOpen) === 1;
        });
        const asked = flakyStub.asked(user, fresh);
        expect(outcomes(await max.subscribe(fresh))).toEqual({ [fresh]: 'ok' });
        expect(flakyStub.asked(user, fresh)).toBe(asked + 1);
        const after = await scrape(breakerGateway);
        expect(after.value(Series.closed)).toBe(1);
        const checks = after.value(Series.checks) - before.value(Series.checks);
        expect(after.since(before, [Series.stale, Series.unavailable, Series.check, Series.opened])).toEqual({
          [Series.stale]: 1,
          // fresh, every probe, fresh again while open
          [Series.unavailable]: probes + 2,
          [Series.check]: 1,
          [Series.opened]: 1,
        });
        // known, fresh, the probes, fresh while open, and the trial that closed the breaker
        expect(checks).toBe(probes + 4);
        expect(
          after.value(Series.failures) -
            before.value(Series.failures) +
            after.value(Series.shortCircuits) -
            before.value(Series.shortCircuits),
        ).toBe(checks - 1);

        const recovered = await produce(fresh, 2);
        expect(await received(max, fresh, 2)).toEqual(recovered);
        const messages = (ids: string[]): string[] => ids.map((id) => `message ${id}`);
        expect(max.timeline(live)).toEqual(['subscribed ok', ...messages(liveIds)]);
        expect(max.timeline(known)).toEqual(['subscribed ok', 'unsubscribed', 'subscribed ok']);
        expect(max.timeline(fresh)).toEqual([
          'subscribed membership_unavailable',
          'subscribed membership_unavailable',
          'subscribed ok',
          ...messages(recovered),
        ]);
      });
    }
  });

  describe('token expiry and in-band refresh', () => {
    it('closes an unrefreshed socket with 4005 at expiry, keeps a refreshed one open past it, and refuses a refresh for another user', async () => {
      const sidecarBefore = await scrapeSidecar();
      const exp = epochSeconds() + 5;
      const first = await token('noa', ['r5_room'], exp);
      const idle = await WireClient.open(gateway.url, first);
      const busy = await WireClient.open(gateway.url, first);
      clients.push(idle, busy);
      expect(busy.welcome['expiresAt']).toBe(exp * 1000);
      expect(outcomes(await busy.subscribe('r5_room'))).toEqual({ r5_room: 'ok' });

      const renewedExp = epochSeconds() + 600;
      expect(
        await busy.request({ type: 'refresh', token: await token('noa', ['r5_room'], renewedExp) }),
      ).toEqual({
        type: 'refreshed',
        id: expect.any(Number) as number,
        expiresAt: renewedExp * 1000,
      });
      const stolen = await busy.request({ type: 'refresh', token: await token('oli', ['r5_room']) });
      expect(stolen).toMatchObject({
        type: 'error',
        error: { code: 'unauthorized', number: 110, retryable: false },
      });
      const stale = await busy.request({
        type: 'refresh',
        token: await token('noa', ['r5_room'], epochSeconds() - 120),
      });
      expect(stale).toMatchObject({
        type: 'error',
        error: { code: 'token_expired', number: 111, retryable: false },
      });

      expect(await idle.closed).toEqual({ code: 4005, reason: 'token expired' });
      expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
      // Both sockets' expiry timers were armed for the same instant; give the refreshed one's
      // old timer, had the refresh not replaced it, ample time to fire before looking.
      await sleep(1000);
      await busy.barrier();
      expect(busy.isOpen).toBe(true);
      const ids = await produce('r5_room', 2);
      expect(await received(busy, 'r5_room', 2)).toEqual(ids);

      const sidecarAfter = await scrapeSidecar();
      expect(sidecarAfter.changed(sidecarBefore, 'cmf_auth_decisions_total')).toEqual({
        [decisions('accepted')]: 3, // two handshakes, one refresh
        [decisions('refused', 'invalid_token', 'user_mismatch')]: 1,
        [decisions('refused', 'token_expired', 'expired')]: 1,
      });
    });
  });

  describe('/metrics', () => {
    it('the gateways and the sidecar count exactly what happened', async () => {
      const [main, breaker, sidecarNow] = await Promise.all([
        scrape(gateway),
        scrape(breakerGateway),
        scrapeSidecar(),
      ]);
      // Every check the main gateway started reached its service, which never failed.
      expect(main.value(Series.checks)).toBe(stub.requests.length);
      expect(main.value(Series.failures) + main.value(Series.shortCircuits)).toBe(0);
      expect(main.value(Series.opened)).toBe(0);
      expect(main.value(Series.closed)).toBe(1);
      // Both outages opened the breaker once each, and it is closed again.
      expect(breaker.value(Series.opened)).toBe(2);
      expect(breaker.value(Series.closed)).toBe(1);
      // Every event reached both replicas: each reads every partition.
      expect(main.value(Series.applied)).toBe(4);
      expect(breaker.value(Series.applied)).toBe(4);
      expect(main.value(Series.bans)).toBe(1);
      expect(main.value(Series.revoked)).toBe(3);

      // The sidecar decided every handshake of both serving gateways and every refresh (three),
      // and refused at its door every call of the gateways without the right client token.
      const allHandshakes = (m: MetricsScrape): number =>
        Object.values(m.changed(MetricsScrape.parse(''), 'cmf_gateway_handshakes_total')).reduce(
          (a, b) => a + b,
          0,
        );
      const decided = Object.values(
        sidecarNow.changed(MetricsScrape.parse(''), 'cmf_auth_decisions_total'),
      ).reduce((a, b) => a + b, 0);
      expect(decided).toBe(allHandshakes(main) + allHandshakes(breaker) + 3);
      expect(sidecarNow.value(Series.unauthorizedCalls)).toBe(
        failClosedHandshakes.reduce((sum, m) => sum + m.value(handshakes('auth_unavailable')), 0),
      );
      expect(sidecarNow.has(`cmf_auth_issuer_keys_ready{issuer="${ISSUER}"}`)).toBe(true);
      expect(sidecarNow.value(`cmf_auth_issuer_keys_ready{issuer="${ISSUER}"}`)).toBe(1);
    });
  });
});
