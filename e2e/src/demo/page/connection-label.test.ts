import { describe, expect, it } from 'vitest';
import { connectionLabel } from './connection-label.js';

describe('connectionLabel', () => {
  it('says who is connected', () => {
    expect(connectionLabel('connected', 'alice', undefined)).toEqual({
      state: 'connected',
      text: 'connected as alice',
    });
    expect(connectionLabel('connecting', 'alice', undefined).text).toBe('connecting…');
  });

  it('names the close code and reason behind a reconnect', () => {
    expect(
      connectionLabel('reconnecting', 'alice', {
        code: 4000,
        reason: 'server shutting down; reconnect elsewhere',
      }).text,
    ).toBe('reconnecting… (closed with 4000 server shutting down; reconnect elsewhere)');
    expect(connectionLabel('reconnecting', 'alice', { code: 1006, reason: '' }).text).toBe(
      'reconnecting… (closed with 1006)',
    );
  });

  it('tells the person what to do after a terminal close', () => {
    expect(connectionLabel('closed', 'alice', { code: 4502, reason: 'forbidden' })).toEqual({
      state: 'closed',
      text: 'disconnected (closed with 4502 forbidden): sign in again to reconnect',
    });
  });
});
