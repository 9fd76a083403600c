import { describe, expect, it } from 'vitest';
import { CloseCodes, closeCodeName, shouldReconnect, type CloseCodeName } from './close-codes.js';
import { MAX_CLOSE_REASON_BYTES } from './close-reason.js';

const names = Object.keys(CloseCodes) as CloseCodeName[];

describe('CloseCodes', () => {
  it('has the codes the protocol promises', () => {
    expect(Object.fromEntries(names.map((n) => [n, CloseCodes[n].code]))).toEqual({
      shutdown: 4000,
      slow_consumer: 4001,
      too_many_commands: 4002,
      heartbeat_timeout: 4003,
      server_error: 4004,
      token_expired: 4005,
      protocol_violation: 4500,
      unauthorized: 4501,
      forbidden: 4502,
      frame_too_large: 4503,
    });
  });

  it('keeps every code unique and its reconnect flag consistent with its range', () => {
    const codes = names.map((n) => CloseCodes[n].code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const n of names) {
      const { code, reconnect } = CloseCodes[n];
      expect(code).toBeGreaterThanOrEqual(4000);
      expect(code).toBeLessThanOrEqual(4999);
      expect(reconnect).toBe(code <= 4499);
      expect(shouldReconnect(code)).toBe(reconnect);
    }
  });

  it('has reasons that fit a close frame (123 bytes)', () => {
    for (const n of names) {
      expect(Buffer.byteLength(CloseCodes[n].reason, 'utf8')).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES);
      expect(CloseCodes[n].reason).not.toContain('|');
      expect(CloseCodes[n].description).not.toContain('|');
    }
  });

  it('finds the name of a received code', () => {
    expect(closeCodeName(4001)).toBe('slow_consumer');
    expect(closeCodeName(4503)).toBe('frame_too_large');
    expect(closeCodeName(4999)).toBeUndefined();
  });
});

describe('shouldReconnect', () => {
  it('decides unknown 4xxx codes by range', () => {
    expect(shouldReconnect(4499)).toBe(true);
    expect(shouldReconnect(4500)).toBe(false);
    expect(shouldReconnect(4999)).toBe(false);
  });

  it('treats refusals of the client frames by the WebSocket layer as terminal', () => {
    for (const code of [1002, 1003, 1007, 1008, 1009]) expect(shouldReconnect(code)).toBe(false);
  });

  it('treats transport and server-side standard codes as transient', () => {
    for (const code of [1000, 1001, 1006, 1011, 1012, 1013]) expect(shouldReconnect(code)).toBe(true);
  });
});
