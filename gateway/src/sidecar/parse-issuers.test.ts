import { describe, expect, it } from 'vitest';
import { parseIssuers } from './parse-issuers.js';

const SOURCE = 'CMF_SIDECAR_ISSUERS_FILE=/etc/cmf/issuers.json';

function problems(value: unknown): readonly string[] {
  return parseIssuers(typeof value === 'string' ? value : JSON.stringify(value), SOURCE).problems;
}

describe('parseIssuers', () => {
  it('resolves each key source, audience list and algorithm list', () => {
    const parsed = parseIssuers(
      JSON.stringify([
        { issuer: 'https://a.test', audience: 'cmf', jwksUrl: 'https://a.test/jwks' },
        {
          issuer: 'https://b.test',
          audience: ['cmf', 'chat'],
          publicKeyFiles: ['/k/a.pem', { path: '/k/b.json', kid: 'b' }],
          algorithms: ['ES256', 'ES256'],
          roomsClaim: 'chat_rooms',
        },
        { issuer: 'dev', audience: 'cmf', hs256SecretFile: '/s/dev' },
      ]),
      SOURCE,
    );
    expect(parsed).toEqual({
      problems: [],
      issuers: [
        {
          issuer: 'https://a.test',
          audience: ['cmf'],
          algorithms: ['RS256', 'ES256', 'EdDSA'],
          roomsClaim: undefined,
          keys: { kind: 'jwks', url: 'https://a.test/jwks' },
        },
        {
          issuer: 'https://b.test',
          audience: ['cmf', 'chat'],
          algorithms: ['ES256'],
          roomsClaim: 'chat_rooms',
          keys: {
            kind: 'public-key-files',
            files: [
              { path: '/k/a.pem', kid: undefined },
              { path: '/k/b.json', kid: 'b' },
            ],
          },
        },
        {
          issuer: 'dev',
          audience: ['cmf'],
          algorithms: ['HS256'],
          roomsClaim: undefined,
          keys: { kind: 'hs256-secret-file', file: '/s/dev' },
        },
      ],
    });
  });

  it.each([
    ['not JSON', '[{ issuer: 1 }]', 'not valid JSON'],
    ['an object', { issuer: 'a' }, 'expected a JSON array of issuers'],
    ['a non-object entry', ['a'], 'issuers[0]: expected an object with issuer, audience and one of jwksUrl'],
    [
      'no issuer',
      [{ audience: 'a', jwksUrl: 'https://a/j' }],
      'issuers[0].issuer: expected a non-empty string',
    ],
    [
      'an issuer with a newline',
      [{ issuer: 'a\nb', audience: 'a', jwksUrl: 'https://a/j' }],
      'issuers[0].issuer: expected a non-empty string',
    ],
    [
      'an empty audience list',
      [{ issuer: 'a', audience: [], jwksUrl: 'https://a/j' }],
      'issuers[0].audience',
    ],
    ['no key source', [{ issuer: 'a', audience: 'a' }], 'issuers[0]: exactly one of jwksUrl, publicKeyFiles'],
    [
      'two key sources',
      [{ issuer: 'a', audience: 'a', jwksUrl: 'https://a/j', publicKeyFiles: ['/k'] }],
      '(found jwksUrl, publicKeyFiles)',
    ],
    [
      'a file URL',
      [{ issuer: 'a', audience: 'a', jwksUrl: 'file:///etc/jwks' }],
      'issuers[0].jwksUrl: expected an http',
    ],
    [
      'credentials in the URL',
      [{ issuer: 'a', audience: 'a', jwksUrl: 'https://u:p@a/j' }],
      'issuers[0].jwksUrl: must not carry credentials',
    ],
    [
      'no key files',
      [{ issuer: 'a', audience: 'a', publicKeyFiles: [] }],
      'issuers[0].publicKeyFiles: expected a non-empty',
    ],
    [
      'a key file entry without path',
      [{ issuer: 'a', audience: 'a', publicKeyFiles: [{ kid: 'k' }] }],
      'issuers[0].publicKeyFiles[0].path: expected a file path',
    ],
    [
      'HS256 for a public-key issuer',
      [{ issuer: 'a', audience: 'a', jwksUrl: 'https://a/j', algorithms: ['RS256', 'HS256'] }],
      'issuers[0].algorithms: HS256 needs hs256SecretFile',
    ],
    [
      'RS256 for a secret issuer',
      [{ issuer: 'a', audience: 'a', hs256SecretFile: '/s', algorithms: ['RS256'] }],
      'issuers[0].algorithms: an issuer with hs256SecretFile accepts only HS256 (found RS256)',
    ],
    [
      'an unknown algorithm',
      [{ issuer: 'a', audience: 'a', jwksUrl: 'https://a/j', algorithms: ['none'] }],
      'issuers[0].algorithms: expected a non-empty array of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA',
    ],
    [
      'a bad rooms claim',
      [{ issuer: 'a', audience: 'a', jwksUrl: 'https://a/j', roomsClaim: 'my rooms' }],
      'issuers[0].roomsClaim: expected a JWT claim name',
    ],
    [
      'a misspelt field',
      [{ issuer: 'a', audiance: 'a', jwksUrl: 'https://a/j' }],
      'issuers[0]: unknown field "audiance"; did you mean "audience"?',
    ],
    [
      'a duplicate issuer',
      [
        { issuer: 'a', audience: 'a', jwksUrl: 'https://a/j' },
        { issuer: 'a', audience: 'b', jwksUrl: 'https://a/k' },
      ],
      'issuers[1].issuer: "a" is already configured by issuers[0]',
    ],
  ])('names the problem with %s', (_name, value, problem) => {
    const found = problems(value);
    expect(found.length).toBeGreaterThan(0);
    for (const p of found) expect(p.startsWith(`${SOURCE}: `)).toBe(true);
    expect(found.join('\n')).toContain(problem);
  });

  it('reports every problem of every entry, and no issuers when there is any', () => {
    const parsed = parseIssuers(
      JSON.stringify([
        { issuer: 'ok', audience: 'a', jwksUrl: 'https://a/j' },
        { issuer: '', audience: 'a' },
      ]),
      SOURCE,
    );
    expect(parsed.issuers).toEqual([]);
    expect(parsed.problems).toHaveLength(2);
  });

  it('accepts no issuers at all (every token is then refused) and a per-issuer typ', () => {
    expect(parseIssuers('[]', 'f')).toEqual({ issuers: [], problems: [] });
    const parsed = parseIssuers(
      JSON.stringify([
        { issuer: 'a', audience: 'a', jwksUrl: 'https://a/j', typ: 'at+jwt', algorithms: ['PS256', 'ES384'] },
      ]),
      'f',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.issuers[0]).toMatchObject({ typ: 'at+jwt', algorithms: ['PS256', 'ES384'] });
    expect(
      parseIssuers(JSON.stringify([{ issuer: 'a', audience: 'a', jwksUrl: 'https://a/j', typ: 'a b' }]), 'f')
        .problems,
    ).toEqual(['f: issuers[0].typ: expected a JWT "typ" header value such as at+jwt']);
  });
});
