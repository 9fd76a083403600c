import { describe, expect, it } from 'vitest';
import { AuthDetail } from './auth-detail.js';
import { refuse, type Decision } from './decision.js';
import type { AuthenticateRequest, RefreshRequest } from './handshake-authenticator.js';
import { InProcessAuthenticator } from './in-process-authenticator.js';

class RecordingApi {
  readonly asked: (AuthenticateRequest | RefreshRequest)[] = [];
  constructor(private readonly decision: Decision) {}
  authenticate(request: AuthenticateRequest): Promise<Decision> {
    this.asked.push(request);
    return Promise.resolve(this.decision);
  }
  refresh(request: RefreshRequest): Promise<Decision> {
    this.asked.push(request);
    return Promise.resolve(this.decision);
  }
}

const accepted: Decision = {
  ok: true,
  identity: { userId: 'u1', expiresAt: 1_767_225_600_000, rooms: ['r1', 'r2'] },
  issuer: 'https://idp.test',
};

describe('InProcessAuthenticator', () => {
  it('passes only the handshake headers the sidecar reads, and maps an acceptance to an identity', async () => {
    const api = new RecordingApi(accepted);
    const result = await new InProcessAuthenticator(api).authenticate({
      headers: {
        authorization: 'Bearer t',
        'sec-websocket-protocol': ['cmf.v1.json', 'cmf.token.x'],
        'x-user-id': 'admin',
        cookie: 'a=b',
      },
      remoteAddress: '10.0.0.1',
      query: 'access_token=q',
    });
    expect(api.asked).toEqual([
      {
        headers: { authorization: 'Bearer t', 'sec-websocket-protocol': 'cmf.v1.json, cmf.token.x' },
        query: 'access_token=q',
        remoteAddress: '10.0.0.1',
      },
    ]);
    expect(result).toEqual({
      ok: true,
      identity: { userId: 'u1', expiresAt: 1_767_225_600_000, rooms: new Set(['r1', 'r2']) },
    });
  });

  it('maps a refusal to its reason and message, and refreshes for the current user', async () => {
    const refused = refuse(AuthDetail.OriginNotListed);
    const { reason, message } = refused;
    const api = new RecordingApi(refused);
    const authenticator = new InProcessAuthenticator(api);
    expect(await authenticator.authenticate({ headers: {}, remoteAddress: '10.0.0.1' })).toEqual({
      ok: false,
      reason,
      message,
    });
    await authenticator.refresh('new-token', { userId: 'u7', expiresAt: undefined, rooms: new Set() });
    expect(api.asked.at(-1)).toEqual({ token: 'new-token', userId: 'u7' });
  });
});
