import { createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JSONWebKeySet, type JWK } from 'jose';
import type { PublicKeyFile } from './issuer-config.js';
import { JwsAlgorithm } from './jws-algorithm.js';

export interface PublicKeys {
  readonly jwks: JSONWebKeySet;
  readonly problems: readonly string[];
}

// RFC 7518 3.3: RSA keys of at least 2048 bits; jose enforces the same when verifying.
const MIN_RSA_BITS = 2048;
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The one algorithm a public key verifies, or why it is not usable. */
function algorithmOf(key: KeyObject): { readonly alg: JwsAlgorithm } | { readonly problem: string } {
  switch (key.asymmetricKeyType) {
    case 'rsa': {
      const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
      return bits >= MIN_RSA_BITS
        ? { alg: JwsAlgorithm.RS256 }
        : { problem: `RSA key of ${bits} bits (at least ${MIN_RSA_BITS} needed)` };
    }
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      return curve === 'prime256v1'
        ? { alg: JwsAlgorithm.ES256 }
        : { problem: `EC key on ${curve ?? 'an unknown curve'} (only P-256, for ES256)` };
    }
    case 'ed25519':
      return { alg: JwsAlgorithm.EdDSA };
    default:
      return {
        problem: `${key.asymmetricKeyType ?? 'unknown'} key (only RSA, EC P-256 and Ed25519 keys are supported)`,
      };
  }
}

/** The keys a file holds, as key objects with their declared JWK members (if any). */
function keysInFile(
  text: string,
  at: string,
  problems: string[],
): { key: KeyObject; declared: Record<string, unknown> }[] {
  if (text.includes('-----BEGIN')) {
    // createPublicKey would quietly derive the public half of a private key; a private key has no
    // business in this pod, so say so instead.
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
      problems.push(`${at}: holds a private key; mount only the public key (SPKI PEM)`);
      return [];
    }
    try {
      return [{ key: createPublicKey(text), declared: {} }];
    } catch (err) {
      problems.push(`${at}: not a readable PEM public key (${(err as Error).message})`);
      return [];
    }
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    problems.push(`${at}: neither a PEM public key nor JSON (a JWK or a JWKS)`);
    return [];
  }
  const jwks = isRecord(document) && Array.isArray(document['keys']) ? document['keys'] : [document];
  const keys: { key: KeyObject; declared: Record<string, unknown> }[] = [];
  jwks.forEach((jwk: unknown, i) => {
    const keyAt = jwks.length === 1 && jwks[0] === document ? at : `${at} keys[${i}]`;
    if (!isRecord(jwk) || typeof jwk['kty'] !== 'string') {
      problems.push(`${keyAt}: not a JWK (no "kty")`);
      return;
    }
    if (jwk['kty'] === 'oct') {
      problems.push(`${keyAt}: a symmetric key; use hs256SecretFile for a shared secret`);
      return;
    }
    if (PRIVATE_JWK_MEMBERS.some((member) => member in jwk)) {
      problems.push(`${keyAt}: holds private key members; mount only the public key`);
      return;
    }
    try {
      keys.push({ key: createPublicKey({ key: jwk, format: 'jwk' }), declared: jwk });
    } catch (err) {
      problems.push(`${keyAt}: not a usable public JWK (${(err as Error).message})`);
    }
  });
  return keys;
}

/**
 * Reads an issuer's public key files (SPKI PEM, a JWK, or a JWKS) into one JWKS for jose. Each
 * key gets the one algorithm it can verify as its `alg` and `use: sig`, so jose never tries a key
 * with another algorithm. Its kid is the configured one, else the file's, else its RFC 7638
 * thumbprint. Every problem names the issuer and the file.
 */
export async function readPublicKeys(
  issuer: string,
  files: readonly PublicKeyFile[],
  algorithms: readonly JwsAlgorithm[],
  readFile: (path: string) => string,
): Promise<PublicKeys> {
  const problems: string[] = [];
  const keys: JWK[] = [];
  const kids = new Map<string, string>();
  for (const file of files) {
    const at = `issuer ${issuer}: key file ${file.path}`;
    let text: string;
    try {
      text = readFile(file.path);
    } catch (err) {
      problems.push(`${at}: cannot read (${(err as Error).message})`);
      continue;
    }
    const found = keysInFile(text, at, problems);
    if (file.kid !== undefined && found.length > 1) {
      problems.push(`${at}: "kid" can only be given for a file with one key (this one has ${found.length})`);
      continue;
    }
    for (const { key, declared } of found) {
      const usable = algorithmOf(key);
      if ('problem' in usable) {
        problems.push(`${at}: ${usable.problem}`);
        continue;
      }
      const alg = usable.alg;
      if (!algorithms.includes(alg)) {
        problems.push(`${at}: a ${alg} key, but the issuer accepts only ${algorithms.join(', ')}`);
        continue;
      }
      if (declared['alg'] !== undefined && declared['alg'] !== alg) {
        problems.push(`${at}: declares alg ${JSON.stringify(declared['alg'])} but is a ${alg} key`);
        continue;
      }
      if (declared['use'] !== undefined && declared['use'] !== 'sig') {
        problems.push(`${at}: declares use ${JSON.stringify(declared['use'])}; signature keys need "sig"`);
        continue;
      }
      const jwk = key.export({ format: 'jwk' }) as JWK;
      const declaredKid = typeof declared['kid'] === 'string' ? declared['kid'] : undefined;
      const kid = file.kid ?? declaredKid ?? (await calculateJwkThumbprint(jwk));
      const first = kids.get(kid);
      if (first !== undefined) {
        problems.push(`${at}: kid ${JSON.stringify(kid)} is already used by ${first}`);
        continue;
      }
      kids.set(kid, file.path);
      keys.push({ ...jwk, kid, alg, use: 'sig' });
    }
  }
  return { jwks: { keys }, problems };
}
