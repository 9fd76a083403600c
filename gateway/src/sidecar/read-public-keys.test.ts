import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { readPublicKeys } from './read-public-keys.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });

const files: Record<string, string> = {
  '/rsa.pem': rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  '/rsa-pkcs1.pem': rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  '/ec.jwk': JSON.stringify({ ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec-own' }),
  '/set.json': JSON.stringify({
    keys: [
      { ...ed.publicKey.export({ format: 'jwk' }), kid: 'ed-1', use: 'sig' },
      { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec-2', alg: 'ES256' },
    ],
  }),
  '/private.pem': rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  '/private.jwk': JSON.stringify(ec.privateKey.export({ format: 'jwk' })),
  '/oct.jwk': JSON.stringify({ kty: 'oct', k: 'c2VjcmV0' }),
  '/p384.pem': p384.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  '/lying.jwk': JSON.stringify({ ...ec.publicKey.export({ format: 'jwk' }), alg: 'RS256' }),
  '/enc.jwk': JSON.stringify({ ...ec.publicKey.export({ format: 'jwk' }), use: 'enc' }),
  '/junk': 'hello',
};

function read(path: string): string {
  const text = files[path];
  if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
  return text;
}

const ALL = ['RS256', 'ES256', 'EdDSA'] as const;

describe('readPublicKeys', () => {
  it('reads PEM, JWK and JWKS files into one key set with alg, use and kid on every key', async () => {
    const { jwks, problems } = await readPublicKeys(
      'iss',
      [
        { path: '/rsa.pem', kid: undefined },
        { path: '/ec.jwk', kid: undefined },
        { path: '/set.json', kid: undefined },
      ],
      ALL,
      read,
    );
    expect(problems).toEqual([]);
    const thumbprint = await calculateJwkThumbprint(rsa.publicKey.export({ format: 'jwk' }));
    expect(jwks.keys.map((k) => [k.kid, k.alg, k.use, k.kty])).toEqual([
      [thumbprint, 'RS256', 'sig', 'RSA'],
      ['ec-own', 'ES256', 'sig', 'EC'],
      ['ed-1', 'EdDSA', 'sig', 'OKP'],
      ['ec-2', 'ES256', 'sig', 'EC'],
    ]);
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
  });

  it('takes the configured kid over the file one and refuses a kid used twice', async () => {
    const { jwks, problems } = await readPublicKeys(
      'iss',
      [
        { path: '/rsa-pkcs1.pem', kid: 'main' },
        { path: '/ec.jwk', kid: 'main' },
      ],
      ALL,
      read,
    );
    expect(jwks.keys.map((k) => k.kid)).toEqual(['main']);
    expect(problems).toEqual(['issuer iss: key file /ec.jwk: kid "main" is already used by /rsa-pkcs1.pem']);
  });

  it('names every unusable file precisely', async () => {
    const { problems } = await readPublicKeys(
      'iss',
      [
        '/private.pem',
        '/private.jwk',
        '/oct.jwk',
        '/p384.pem',
        '/lying.jwk',
        '/enc.jwk',
        '/junk',
        '/missing.pem',
      ].map((path) => ({ path, kid: undefined })),
      ALL,
      read,
    );
    expect(problems).toEqual([
      'issuer iss: key file /private.pem: holds a private key; mount only the public key (SPKI PEM)',
      'issuer iss: key file /private.jwk: holds private key members; mount only the public key',
      'issuer iss: key file /oct.jwk: a symmetric key; use hs256SecretFile for a shared secret',
      'issuer iss: key file /p384.pem: EC key on secp384r1 (only P-256, for ES256)',
      'issuer iss: key file /lying.jwk: declares alg "RS256" but is a ES256 key',
      'issuer iss: key file /enc.jwk: declares use "enc"; signature keys need "sig"',
      'issuer iss: key file /junk: neither a PEM public key nor JSON (a JWK or a JWKS)',
      "issuer iss: key file /missing.pem: cannot read (ENOENT: no such file or directory, open '/missing.pem')",
    ]);
  });

  it('refuses a key whose algorithm the issuer does not accept, and a kid for a multi-key file', async () => {
    const { problems } = await readPublicKeys(
      'iss',
      [
        { path: '/rsa.pem', kid: undefined },
        { path: '/set.json', kid: 'one' },
      ],
      ['ES256'],
      read,
    );
    expect(problems).toEqual([
      'issuer iss: key file /rsa.pem: a RS256 key, but the issuer accepts only ES256',
      'issuer iss: key file /set.json: "kid" can only be given for a file with one key (this one has 2)',
    ]);
  });
});
