import { describe, expect, it } from 'vitest';
import { apiVersionsRequest } from './api-versions.js';
import { decodeResponse, encodeRequest } from './kafka-request.js';
import { saslAuthenticateRequest } from './sasl-authenticate.js';
import { saslHandshakeRequest } from './sasl-handshake.js';
import { WireWriter } from './wire-writer.js';

function hex(b: Buffer): string {
  return b.toString('hex');
}

describe('request framing', () => {
  it('encodes SaslHandshake v1 with request header v1 (no tagged fields)', () => {
    const bytes = encodeRequest(saslHandshakeRequest('PLAIN'), 7, 'cmf');
    expect(hex(bytes)).toBe(
      [
        '00000014', // size: 20
        '0011', // api key 17
        '0001', // version 1
        '00000007', // correlation id
        '0003' + hex(Buffer.from('cmf')),
        '0005' + hex(Buffer.from('PLAIN')),
      ].join(''),
    );
  });

  it('encodes SaslAuthenticate v2 with request header v2 and compact bytes', () => {
    const bytes = encodeRequest(saslAuthenticateRequest(2, Buffer.from('abc')), 2, 'c');
    expect(hex(bytes)).toBe(
      [
        '00000011', // size: 17
        '0024', // api key 36
        '0002',
        '00000002',
        '0001' + hex(Buffer.from('c')),
        '00', // header tagged fields
        '04' + hex(Buffer.from('abc')), // compact bytes: length + 1
        '00', // body tagged fields
      ].join(''),
    );
  });

  it('encodes SaslAuthenticate v0 and v1 with int32-length bytes', () => {
    for (const version of [0, 1]) {
      const request = saslAuthenticateRequest(version, Buffer.from('xy'));
      expect(request.flexible).toBe(false);
      expect(hex(request.body)).toBe('00000002' + hex(Buffer.from('xy')));
    }
  });

  it('encodes ApiVersions v0 as a bare header', () => {
    expect(hex(encodeRequest(apiVersionsRequest(), 1, ''))).toBe(
      '0000000a' + '0012' + '0000' + '00000001' + '0000',
    );
  });
});

describe('response decoding', () => {
  it('reads a SaslAuthenticate v2 answer after response header v1', () => {
    const frame = new WireWriter()
      .int32(9) // correlation id
      .noTags()
      .int16(58)
      .compactString('Authentication failed')
      .compactBytes(Buffer.from('e=x'))
      .push(Buffer.alloc(8)) // session_lifetime_ms
      .noTags()
      .build();
    expect(decodeResponse(frame, saslAuthenticateRequest(2, Buffer.alloc(0)))).toEqual({
      correlationId: 9,
      value: { errorCode: 58, errorMessage: 'Authentication failed', authBytes: Buffer.from('e=x') },
    });
  });

  it('reads SaslAuthenticate v1 (session lifetime) and v0 (none) answers after response header v0', () => {
    const v1 = new WireWriter()
      .int32(3)
      .int16(0)
      .int16(-1) // null error message
      .bytes(Buffer.from('v=sig'))
      .push(Buffer.alloc(8))
      .build();
    expect(decodeResponse(v1, saslAuthenticateRequest(1, Buffer.alloc(0))).value).toEqual({
      errorCode: 0,
      errorMessage: null,
      authBytes: Buffer.from('v=sig'),
    });
    const v0 = new WireWriter().int32(4).int16(0).int16(-1).bytes(Buffer.from('r=1')).build();
    expect(decodeResponse(v0, saslAuthenticateRequest(0, Buffer.alloc(0))).value.authBytes.toString()).toBe(
      'r=1',
    );
  });

  it('reads the mechanisms of a SaslHandshake answer', () => {
    const frame = new WireWriter()
      .int32(1)
      .int16(33)
      .int32(2)
      .string('SCRAM-SHA-256')
      .string('SCRAM-SHA-512')
      .build();
    expect(decodeResponse(frame, saslHandshakeRequest('PLAIN'))).toEqual({
      correlationId: 1,
      value: { errorCode: 33, mechanisms: ['SCRAM-SHA-256', 'SCRAM-SHA-512'] },
    });
  });

  it('calls a cut-off answer a protocol error naming the response', () => {
    const frame = new WireWriter().int32(1).int16(0).int16(-1).int32(10).push(Buffer.from('short')).build();
    expect(() => decodeResponse(frame, saslAuthenticateRequest(0, Buffer.alloc(0)))).toThrow(
      expect.objectContaining({
        code: 'CMF_KAFKA_PROTOCOL_ERROR',
        retryable: true,
        message: 'truncated SaslAuthenticate v0 response',
      }),
    );
  });
});
