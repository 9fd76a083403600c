import { describe, expect, it } from 'vitest';
import { errorPayload } from './error-payload.js';
import { GatewayError, ProtocolError } from './gateway-error.js';

describe('GatewayError', () => {
  it('reads retryable and the number from the table', () => {
    const err = new GatewayError('membership_unavailable', 'membership service timed out', { room: 'cr_1' });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('GatewayError');
    expect(err.code).toBe('membership_unavailable');
    expect(err.retryable).toBe(true);
    expect(err.number).toBe(101);
    expect(err.room).toBe('cr_1');
    expect(err.toErrorPayload()).toEqual({
      code: 'membership_unavailable',
      number: 101,
      message: 'membership service timed out',
      retryable: true,
    });
  });

  it('keeps the cause and leaves room unset when not given', () => {
    const cause = new Error('ECONNREFUSED');
    const err = new GatewayError('internal', 'boom', { cause });
    expect(err.cause).toBe(cause);
    expect(err.room).toBeUndefined();
    expect(new GatewayError('forbidden', 'no').retryable).toBe(false);
  });
});

describe('ProtocolError', () => {
  it('is a GatewayError carrying the frame id and whether the connection must close', () => {
    const err = new ProtocolError('bad_frame', 'rooms must be an array', { frameId: 7 });
    expect(err).toBeInstanceOf(GatewayError);
    expect(err.name).toBe('ProtocolError');
    expect(err.frameId).toBe(7);
    expect(err.fatal).toBe(false);
    expect(err.retryable).toBe(false);
    expect(err.toErrorPayload()).toEqual({
      code: 'bad_frame',
      number: 120,
      message: 'rooms must be an array',
      retryable: false,
    });
    const fatal = new ProtocolError('frame_too_large', 'too big', { fatal: true });
    expect(fatal.frameId).toBeUndefined();
    expect(fatal.fatal).toBe(true);
  });
});

describe('errorPayload', () => {
  it('builds a payload from the table, defaulting the message to the description', () => {
    expect(errorPayload('rate_limited')).toEqual({
      code: 'rate_limited',
      number: 130,
      message: 'Too many frames per second (`limits.commandsPerSecond`); slow down and retry.',
      retryable: true,
    });
    expect(errorPayload('forbidden', 'not a member of cr_9').message).toBe('not a member of cr_9');
  });
});
