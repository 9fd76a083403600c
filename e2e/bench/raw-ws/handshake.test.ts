import { describe, expect, it } from 'vitest';
import { acceptFor, checkUpgrade, parseResponseHead, upgradeRequest, upgradeTarget } from './handshake.js';
import { RawWsErrorCodes } from './raw-ws-error.js';

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

function head101(extra: Record<string, string> = {}): string {
  const headers = {
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Accept': acceptFor(KEY),
    'Sec-WebSocket-Protocol': 'cmf.v1.json',
    ...extra,
  };
  return ['HTTP/1.1 101 Switching Protocols', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join(
    '\r\n',
  );
}

describe('handshake', () => {
  it('computes the accept key of RFC 6455 1.3', () => {
    expect(acceptFor(KEY)).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('writes the upgrade request with every protocol offered, in order', () => {
    const target = upgradeTarget('ws://127.0.0.1:8080/connection/websocket?x=1');
    expect(target).toEqual({
      host: '127.0.0.1',
      port: 8080,
      authority: '127.0.0.1:8080',
      path: '/connection/websocket?x=1',
    });
    expect(upgradeRequest(target, KEY, ['cmf.v1.json', 'cmf.token.abc'])).toBe(
      'GET /connection/websocket?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: cmf.v1.json, cmf.token.abc\r\n\r\n`,
    );
  });

  it('takes IPv6 literals and the default port, refuses other schemes', () => {
    expect(upgradeTarget('ws://[::1]/')).toMatchObject({
      host: '::1',
      port: 80,
      authority: '[::1]',
      path: '/',
    });
    expect(() => upgradeTarget('wss://example.test/')).toThrow(
      expect.objectContaining({ code: RawWsErrorCodes.unsupportedUrl }),
    );
  });

  it('parses the status and headers, names in lower case', () => {
    const head = parseResponseHead('HTTP/1.1 401 Unauthorized\r\nContent-Length: 12\r\nX-A: 1\r\nx-a: 2');
    expect(head.status).toBe(401);
    expect(head.headers.get('content-length')).toBe('12');
    expect(head.headers.get('x-a')).toBe('1, 2');
    expect(() => parseResponseHead('SSH-2.0-OpenSSH')).toThrow(
      expect.objectContaining({ code: RawWsErrorCodes.handshakeInvalid }),
    );
  });

  it('accepts a correct 101 and returns the chosen subprotocol', () => {
    expect(checkUpgrade(parseResponseHead(head101()), KEY, ['cmf.v1.json', 'cmf.token.x'])).toBe(
      'cmf.v1.json',
    );
  });

  it.each([
    ['a wrong accept key', { 'Sec-WebSocket-Accept': acceptFor('other') }, 'Sec-WebSocket-Accept'],
    ['no upgrade header value', { Upgrade: 'h2c' }, 'Upgrade'],
    ['a connection header without upgrade', { Connection: 'keep-alive' }, 'Connection'],
    ['a subprotocol not offered', { 'Sec-WebSocket-Protocol': 'other' }, 'not offered'],
    ['an extension not offered', { 'Sec-WebSocket-Extensions': 'permessage-deflate' }, 'extension'],
  ])('refuses a 101 with %s', (_what, extra, message) => {
    expect(() => checkUpgrade(parseResponseHead(head101(extra)), KEY, ['cmf.v1.json'])).toThrow(message);
  });

  it('refuses a 101 without a subprotocol when some were offered', () => {
    const head = parseResponseHead(head101().replace(/\r\nSec-WebSocket-Protocol: .*$/m, ''));
    expect(() => checkUpgrade(head, KEY, ['cmf.v1.json'])).toThrow('no subprotocol');
    expect(checkUpgrade(head, KEY, [])).toBeUndefined();
  });
});
