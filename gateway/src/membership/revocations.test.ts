import { describe, expect, it } from 'vitest';
import { AuthFailure, type AuthResult, type Authenticator } from '../auth/index.js';
import { BanAwareAuthenticator } from './ban-aware-authenticator.js';
import { Revocations } from './revocations.js';

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

describe('Revocations', () => {
  it('holds bans and removals for the TTL, then forgets them', () => {
    const c = clock();
    const r = new Revocations({ ttlMs: 1000, maxEntries: 10, now: c.now });
    r.ban('u1');
    r.revoke('u2', 'room-a');
    r.revokeRoom('room-b');
    expect([r.isBanned('u1'), r.isBanned('u2')]).toEqual([true, false]);
    expect([r.isRevoked('u2', 'room-a'), r.isRevoked('u3', 'room-a')]).toEqual([true, false]);
    expect([r.isRevoked('u2', 'room-b'), r.isRevoked('anyone', 'room-b')]).toEqual([true, true]);
    c.advance(1000);
    expect([r.isBanned('u1'), r.isRevoked('u2', 'room-a'), r.isRevoked('u9', 'room-b')]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('lets member_added undo a removal, and never grows past maxEntries (oldest first)', () => {
    const r = new Revocations({ ttlMs: 60_000, maxEntries: 2 });
    r.revoke('u1', 'a');
    r.restore('u1', 'a');
    expect(r.isRevoked('u1', 'a')).toBe(false);
    r.ban('x');
    r.ban('y');
    r.ban('z');
    expect(r.size).toBe(2);
    expect([r.isBanned('x'), r.isBanned('y'), r.isBanned('z')]).toEqual([false, true, true]);
  });

  it('remembers nothing with a TTL of 0', () => {
    const r = new Revocations({ ttlMs: 0, maxEntries: 10 });
    r.ban('u1');
    expect(r.isBanned('u1')).toBe(false);
  });
});

describe('BanAwareAuthenticator', () => {
  const accepted = (userId: string): AuthResult => ({
    ok: true,
    identity: { userId, expiresAt: undefined, rooms: new Set() },
  });
  const inner: Authenticator = {
    authenticate: (request) => Promise.resolve(accepted(String(request.headers['x-user']))),
    refresh: (token) => Promise.resolve(accepted(token)),
  };

  it('refuses handshakes and refreshes of banned users with 403 user_banned and passes the rest', async () => {
    const revocations = new Revocations({ ttlMs: 60_000, maxEntries: 10 });
    revocations.ban('banned');
    const guarded = new BanAwareAuthenticator(inner, revocations);
    const request = (user: string) => ({ headers: { 'x-user': user }, remoteAddress: '10.0.0.1' });
    expect(await guarded.authenticate(request('banned'))).toEqual({
      ok: false,
      reason: AuthFailure.UserBanned,
      message: 'this user is banned',
    });
    expect(
      await guarded.refresh('banned', { userId: 'banned', expiresAt: undefined, rooms: new Set() }),
    ).toMatchObject({ ok: false, reason: 'user_banned' });
    expect(await guarded.authenticate(request('other'))).toMatchObject({ ok: true });
  });
});
