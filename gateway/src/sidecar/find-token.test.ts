import { describe, expect, it } from 'vitest';
import { findToken } from './find-token.js';

describe('findToken', () => {
  it('prefers the Authorization bearer token, then the subprotocol entry', () => {
    expect(
      findToken(
        { authorization: 'Bearer aaa', 'sec-websocket-protocol': 'cmf.v1.json, cmf.token.bbb' },
        undefined,
        false,
      ),
    ).toEqual({ found: true, token: 'aaa' });
    expect(findToken({ 'sec-websocket-protocol': 'cmf.v1.json, cmf.token.bbb' }, undefined, false)).toEqual({
      found: true,
      token: 'bbb',
    });
    expect(findToken({ authorization: 'bearer  ccc ' }, undefined, false)).toEqual({
      found: true,
      token: 'ccc',
    });
  });

  it('reports no token, including for other Authorization schemes', () => {
    expect(findToken({}, undefined, false)).toEqual({ found: false, detail: 'no_token' });
    expect(findToken({ authorization: 'Basic dTpw' }, 'room=1', false)).toEqual({
      found: false,
      detail: 'no_token',
    });
    expect(findToken({ 'sec-websocket-protocol': 'cmf.token.' }, '', true)).toEqual({
      found: false,
      detail: 'no_token',
    });
  });

  it('reads access_token from the query only when enabled, and says so when not', () => {
    expect(findToken({}, 'a=1&access_token=ddd', false)).toEqual({
      found: false,
      detail: 'query_token_disabled',
    });
    expect(findToken({}, 'a=1&access_token=ddd', true)).toEqual({ found: true, token: 'ddd' });
    expect(findToken({}, '?access_token=ddd', true)).toEqual({ found: true, token: 'ddd' });
    expect(findToken({}, 'access_token=1&access_token=2', true)).toEqual({
      found: false,
      detail: 'malformed',
    });
    expect(findToken({}, 'access_token=', true)).toEqual({ found: false, detail: 'no_token' });
    expect(findToken({ authorization: 'Bearer eee' }, 'access_token=ddd', false)).toEqual({
      found: true,
      token: 'eee',
    });
  });
});
