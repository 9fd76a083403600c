import { describe, expect, it } from 'vitest';
import { MessengerApi, MessengerApiError } from './messenger-api.js';

function answering(status: number, body: string, seen: { url?: string; init?: RequestInit } = {}) {
  return (url: string, init: RequestInit): Promise<Response> => {
    seen.url = url;
    seen.init = init;
    return Promise.resolve(new Response(body, { status }));
  };
}

describe('MessengerApi', () => {
  it('posts a message with the bearer token to the room path', async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const api = new MessengerApi(
      'http://m',
      answering(201, '{"messageId":"x","partition":1,"offset":"2"}', seen),
    );
    expect(await api.postMessage('tok', 'cr:1', 'hi')).toEqual({ messageId: 'x', partition: 1, offset: '2' });
    expect(seen.url).toBe('http://m/v1/rooms/cr%3A1/messages');
    expect(seen.init?.headers).toMatchObject({ authorization: 'Bearer tok' });
    expect(seen.init?.body).toBe('{"content":"hi"}');
  });

  it('turns a refusal into a typed error with the messenger code', async () => {
    const api = new MessengerApi(
      'http://m',
      answering(403, '{"error":{"code":"not_a_member","message":"user bob is not a member of r"}}'),
    );
    const error = await api.postMessage('tok', 'r', 'hi').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(MessengerApiError);
    expect(error).toMatchObject({
      status: 403,
      code: 'not_a_member',
      message: 'user bob is not a member of r',
    });
  });

  it('names an unreachable messenger and an answer without JSON', async () => {
    const down = new MessengerApi('http://m', () => Promise.reject(new Error('ECONNREFUSED')));
    await expect(down.demoToken('a')).rejects.toMatchObject({ status: 0, code: 'unreachable' });
    const proxyError = new MessengerApi('http://m', answering(502, 'Bad Gateway'));
    await expect(proxyError.demoToken('a')).rejects.toMatchObject({ status: 502, code: 'http_502' });
  });
});
