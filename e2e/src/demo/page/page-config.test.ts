import { describe, expect, it } from 'vitest';
import { parsePageConfig } from './page-config.js';

describe('parsePageConfig', () => {
  it('resolves a proxy path against the page address', () => {
    expect(
      parsePageConfig(
        { gatewayUrl: 'ws://gw/connection/websocket', messengerUrl: '/messenger' },
        'http://demo:8090/',
      ),
    ).toEqual({ gatewayUrl: 'ws://gw/connection/websocket', messengerUrl: 'http://demo:8090/messenger' });
  });

  it('refuses a config the page cannot use', () => {
    expect(() => parsePageConfig([], 'http://demo/')).toThrow('gatewayUrl must be a ws:// or wss:// URL');
    expect(() => parsePageConfig({ gatewayUrl: 'ws://gw' }, 'http://demo/')).toThrow(
      'messengerUrl must be a URL or a path',
    );
    expect(() => parsePageConfig(null, 'http://demo/')).toThrow('not a JSON object');
  });
});
