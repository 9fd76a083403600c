import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDemoConfig } from '../config/parse-demo-config.js';
import { DemoServer } from './demo-server.js';

// The server on a real loopback socket, in front of a stand-in upstream that records what it got.
const seen: { method?: string; url?: string; headers?: IncomingHttpHeaders; body?: string }[] = [];
const upstream = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    res.writeHead(201, { 'content-type': 'application/json', 'x-upstream': 'yes' });
    res.end('{"ok":true}');
  });
});
let server: DemoServer;

beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const pageDir = mkdtempSync(path.join(os.tmpdir(), 'cmf-demo-server-'));
  writeFileSync(path.join(pageDir, 'index.html'), '<title>demo</title>');
  server = await DemoServer.start(
    parseDemoConfig({
      env: {
        CMF_DEMO_LISTEN_PORT: '0',
        CMF_DEMO_GATEWAY_URL: 'ws://127.0.0.1:1/connection/websocket',
        CMF_DEMO_MESSENGER_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      },
      defaultPageDir: pageDir,
    }),
  );
});

afterAll(async () => {
  await server.stop();
  await new Promise((resolve) => upstream.close(resolve));
});

describe('DemoServer', () => {
  it('serves the page and the config the page reads', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toBe('<title>demo</title>');
    expect(await (await fetch(`${server.url}/config.json`)).json()).toEqual({
      gatewayUrl: 'ws://127.0.0.1:1/connection/websocket',
      messengerUrl: '/messenger',
    });
    expect((await fetch(`${server.url}/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('forwards the REST API with the headers the page needs, and nothing else', async () => {
    const answer = await fetch(`${server.url}/messenger/v1/rooms/r/messages?x=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json', cookie: 'secret=1' },
      body: '{"content":"hi"}',
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-upstream')).toBe('yes');
    expect(await answer.json()).toEqual({ ok: true });
    const request = seen.at(-1);
    expect(request).toMatchObject({
      method: 'POST',
      url: '/v1/rooms/r/messages?x=1',
      body: '{"content":"hi"}',
    });
    expect(request?.headers?.['authorization']).toBe('Bearer t');
    expect(request?.headers?.['cookie']).toBeUndefined();
  });

  it('does not forward the membership API, faults or metrics', async () => {
    const before = seen.length;
    for (const p of [
      '/messenger/internal/v1/memberships:check',
      '/messenger/admin/faults/membership',
      '/messenger/metrics',
    ]) {
      expect((await fetch(`${server.url}${p}`)).status).toBe(404);
    }
    expect(seen.length).toBe(before);
  });
});
