import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Identity, RoomDecision } from '../../src/auth/index.js';
import { ErrorCodes } from '../../src/errors/index.js';
import {
  BreakerState,
  FileServiceToken,
  MembershipAuthorizer,
  MembershipClient,
  MembershipRequestError,
  MembershipUnavailableError,
} from '../../src/membership/index.js';
import { MembershipStub, StubMode } from '../support/membership-stub.js';

function identity(userId: string, granted: string[] = []): Identity {
  return { userId, expiresAt: undefined, rooms: new Set(granted) };
}

function summary(decisions: ReadonlyMap<string, RoomDecision>): Record<string, string> {
  return Object.fromEntries([...decisions].map(([room, d]) => [room, d.allowed ? 'allowed' : d.code]));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

let dir: string;
let tokenPath: string;
const stub = new MembershipStub();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cmf-membership-'));
  tokenPath = join(dir, 'token');
  await stub.up();
});

afterAll(async () => {
  await stub.down();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  stub.mode = StubMode.Up;
  stub.requiredToken = undefined;
  stub.requests.length = 0;
  await stub.up(); // again when a test left it down
});

describe('MembershipClient against an HTTP membership service', () => {
  it('asks for a batch and reads true and false; sends the service token from its file', async () => {
    writeFileSync(tokenPath, 'svc-token-1\n');
    stub.requiredToken = 'svc-token-1';
    stub.add('alice', 'cr_1');
    const client = new MembershipClient({
      baseUrl: stub.baseUrl,
      timeoutMs: 1000,
      serviceToken: new FileServiceToken(tokenPath),
    });
    const answers = await client.check('alice', ['cr_1', 'cr_2']);
    expect([...answers]).toEqual([
      ['cr_1', true],
      ['cr_2', false],
    ]);
    expect(stub.requests).toEqual([
      { userId: 'alice', roomIds: ['cr_1', 'cr_2'], authorization: 'Bearer svc-token-1' },
    ]);
  });

  it('rereads a rotated token after a 401', async () => {
    writeFileSync(tokenPath, 'old');
    stub.requiredToken = 'new';
    const client = new MembershipClient({
      baseUrl: stub.baseUrl,
      timeoutMs: 1000,
      serviceToken: new FileServiceToken(tokenPath, { reloadMs: 3_600_000 }),
    });
    await expect(client.check('alice', ['cr_1'])).rejects.toMatchObject({
      name: 'MembershipUnavailableError',
      failure: 'credentials_rejected',
      status: 401,
      retryable: true,
    });
    writeFileSync(tokenPath, 'new');
    await expect(client.check('alice', ['cr_1'])).resolves.toBeInstanceOf(Map);
  });

  it('turns each failure into a typed error', async () => {
    const client = new MembershipClient({ baseUrl: stub.baseUrl, timeoutMs: 200 });
    const failure = async (): Promise<unknown> => client.check('alice', ['cr_1']).catch((e: unknown) => e);

    stub.mode = StubMode.Unavailable;
    expect(await failure()).toMatchObject({
      failure: 'server_error',
      status: 503,
      code: 'membership_unavailable',
    });
    stub.mode = StubMode.Malformed;
    expect(await failure()).toMatchObject({ failure: 'malformed_response' });
    stub.mode = StubMode.Slow;
    const started = Date.now();
    expect(await failure()).toMatchObject({ failure: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1500);
    stub.mode = StubMode.BadRequest;
    const bad = await failure();
    expect(bad).toBeInstanceOf(MembershipRequestError);
    expect(bad).toMatchObject({ status: 400, code: 'internal' });
    await stub.down();
    const refused = await failure();
    expect(refused).toBeInstanceOf(MembershipUnavailableError);
    expect(refused).toMatchObject({ failure: 'unreachable' });

    await stub.up();
    const wrongPath = new MembershipClient({ baseUrl: `${stub.baseUrl}/api`, timeoutMs: 200 });
    await expect(wrongPath.check('alice', ['cr_1'])).rejects.toMatchObject({
      failure: 'unexpected_status',
      status: 404,
    });
  });
});

describe('MembershipAuthorizer against an HTTP membership service', () => {
  let authorizer: MembershipAuthorizer;
  const transitions: string[] = [];

  beforeEach(() => {
    transitions.length = 0;
    authorizer = new MembershipAuthorizer(new MembershipClient({ baseUrl: stub.baseUrl, timeoutMs: 250 }), {
      allowTtlMs: 200,
      denyTtlMs: 200,
      staleIfErrorMs: 60_000,
      timeoutMs: 400,
      errorThresholdPercentage: 50,
      volumeThreshold: 2,
      resetTimeoutMs: 1_000,
    });
    authorizer.on('breaker', ({ from, to }) => transitions.push(`${from}->${to}`));
  });

  afterEach(() => {
    authorizer.close();
  });

  it('allows members and token grants, refuses non-members as forbidden, in one request', async () => {
    stub.add('bob', 'cr_1');
    const decisions = await authorizer.authorize(identity('bob', ['cr_granted']), [
      'cr_1',
      'cr_2',
      'cr_granted',
    ]);
    expect(summary(decisions)).toEqual({ cr_1: 'allowed', cr_2: 'forbidden', cr_granted: 'allowed' });
    expect(stub.requests.map((r) => r.roomIds)).toEqual([['cr_1', 'cr_2']]);
    // Cached: no second request.
    await authorizer.authorize(identity('bob'), ['cr_1', 'cr_2']);
    expect(stub.requests).toHaveLength(1);
    expect(authorizer.breakerState).toBe(BreakerState.Closed);
  });

  for (const outage of ['slow', 'unavailable', 'down'] as const) {
    it(`${outage}: opens the breaker, serves known members stale, refuses the unknown as retryable, and closes after recovery`, async () => {
      stub.add('carol', 'cr_known', 'cr_new');
      expect(summary(await authorizer.authorize(identity('carol'), ['cr_known']))).toEqual({
        cr_known: 'allowed',
      });
      await sleep(250); // past allowTtlMs: the next subscribe has to ask

      if (outage === 'down') await stub.down();
      else stub.mode = outage === 'slow' ? StubMode.Slow : StubMode.Unavailable;

      const first = await authorizer.authorize(identity('carol'), ['cr_known', 'cr_a']);
      expect(summary(first)).toEqual({ cr_known: 'allowed', cr_a: 'membership_unavailable' });
      const refusal = first.get('cr_a');
      expect(refusal?.allowed === false && ErrorCodes[refusal.code].retryable).toBe(true);
      await authorizer.authorize(identity('carol'), ['cr_b']);
      expect(authorizer.breakerState).toBe(BreakerState.Open);
      expect(authorizer.counters.checkFailures).toBe(2);

      // Open: answered at once, without a request.
      const requestsWhenOpen = stub.requests.length;
      const started = Date.now();
      const whileOpen = await authorizer.authorize(identity('carol'), ['cr_known', 'cr_new']);
      expect(Date.now() - started).toBeLessThan(200); // a request would take the 250 ms timeout
      expect(summary(whileOpen)).toEqual({ cr_known: 'allowed', cr_new: 'membership_unavailable' });
      expect(stub.requests.length).toBe(requestsWhenOpen);
      expect(authorizer.counters.shortCircuits).toBe(1);

      // Recovery: after resetTimeoutMs one probe goes through and closes the breaker.
      if (outage === 'down') await stub.up();
      stub.mode = StubMode.Up;
      await until('half-open', () => authorizer.breakerState === BreakerState.HalfOpen);
      expect(summary(await authorizer.authorize(identity('carol'), ['cr_new']))).toEqual({
        cr_new: 'allowed',
      });
      expect(authorizer.breakerState).toBe(BreakerState.Closed);
      expect(transitions).toEqual(['closed->open', 'open->halfOpen', 'halfOpen->closed']);
    });
  }

  it('a 400 refuses the rooms but does not open the breaker', async () => {
    stub.mode = StubMode.BadRequest;
    for (let i = 0; i < 5; i++) {
      expect(summary(await authorizer.authorize(identity('dave'), [`cr_${i}`]))).toEqual({
        [`cr_${i}`]: 'membership_unavailable',
      });
    }
    expect(authorizer.breakerState).toBe(BreakerState.Closed);
    expect(authorizer.counters.checkErrors).toBe(5);
  });

  it('many non-members never open the breaker', async () => {
    for (let i = 0; i < 10; i++) {
      expect(summary(await authorizer.authorize(identity(`nobody-${i}`), ['cr_1']))).toEqual({
        cr_1: 'forbidden',
      });
    }
    expect(authorizer.breakerState).toBe(BreakerState.Closed);
    expect(transitions).toEqual([]);
  });
});
