import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG_INVALID, DemoConfigError } from './demo-config-error.js';
import { pageConfig } from './demo-config.js';
import { parseDemoConfig } from './parse-demo-config.js';

const REQUIRED = {
  CMF_DEMO_GATEWAY_URL: 'ws://127.0.0.1:8080/connection/websocket',
  CMF_DEMO_MESSENGER_URL: 'http://127.0.0.1:8081/',
};

function parse(env: Record<string, string>) {
  return parseDemoConfig({ env, defaultPageDir: '/srv/page' });
}

function problems(env: Record<string, string>): readonly string[] {
  try {
    parse(env);
  } catch (err) {
    if (err instanceof DemoConfigError) return err.problems;
    throw err;
  }
  throw new Error('the configuration was accepted');
}

describe('parseDemoConfig', () => {
  it('fills every default and trims the messenger URL for joining paths', () => {
    expect(parse(REQUIRED)).toEqual({
      listen: { host: '127.0.0.1', port: 8090 },
      gatewayUrl: 'ws://127.0.0.1:8080/connection/websocket',
      messengerUrl: 'http://127.0.0.1:8081',
      messengerProxy: true,
      pageDir: '/srv/page',
    });
  });

  it('takes every variable', () => {
    const config = parse({
      ...REQUIRED,
      CMF_DEMO_LISTEN_HOST: '0.0.0.0',
      CMF_DEMO_LISTEN_PORT: '0',
      CMF_DEMO_MESSENGER_PROXY: 'FALSE',
      CMF_DEMO_PAGE_DIR: '/tmp/page',
    });
    expect(config.listen).toEqual({ host: '0.0.0.0', port: 0 });
    expect(config.messengerProxy).toBe(false);
    expect(config.pageDir).toBe('/tmp/page');
  });

  it('names every problem at once, with a stable code', () => {
    let error: unknown;
    try {
      parse({
        CMF_DEMO_GATEWAY_URL: 'http://gw',
        CMF_DEMO_LISTEN_PORT: '70000',
        CMF_DEMO_MESSENGER_PROXY: 'yes',
        CMF_DEMO_PAGE_DIR: 'page',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DemoConfigError);
    expect((error as DemoConfigError).code).toBe(DEMO_CONFIG_INVALID);
    expect((error as DemoConfigError).problems).toEqual([
      'CMF_DEMO_LISTEN_PORT="70000": expected 0..65535',
      'CMF_DEMO_GATEWAY_URL="http://gw": expected a ws:// or wss:// URL',
      'CMF_DEMO_MESSENGER_URL: required',
      'CMF_DEMO_MESSENGER_PROXY="yes": expected true or false',
      'CMF_DEMO_PAGE_DIR="page": expected an absolute path',
    ]);
  });

  it('refuses text that is not a URL', () => {
    expect(problems({ ...REQUIRED, CMF_DEMO_MESSENGER_URL: 'not a url' })).toEqual([
      'CMF_DEMO_MESSENGER_URL="not a url": not a URL',
    ]);
  });
});

describe('pageConfig', () => {
  it('sends the page to the proxy path, or straight to the messenger without the proxy', () => {
    expect(pageConfig(parse(REQUIRED))).toEqual({
      gatewayUrl: REQUIRED.CMF_DEMO_GATEWAY_URL,
      messengerUrl: '/messenger',
    });
    expect(pageConfig(parse({ ...REQUIRED, CMF_DEMO_MESSENGER_PROXY: 'false' })).messengerUrl).toBe(
      'http://127.0.0.1:8081',
    );
  });
});
