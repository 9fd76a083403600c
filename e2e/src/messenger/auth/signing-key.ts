import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';

export const SIGNING_ALGORITHM = 'ES256';

/** The stand-in's one signing key (the demo identity provider's) and its public JWK. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The public half as served in the JWKS: kty, crv, x, y, kid, alg, use. */
  readonly publicJwk: JWK;
}

async function fromPrivate(privateKey: KeyObject): Promise<SigningKey> {
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new TypeError('the signing key must be an EC P-256 private key (ES256)');
  }
  const publicKey = createPublicKey(privateKey);
  const jwk = await exportJWK(publicKey);
  // The RFC 7638 thumbprint: the same key always gets the same kid, across restarts.
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicKey, publicJwk: { ...jwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' } };
}

export function generateSigningKey(): Promise<SigningKey> {
  return fromPrivate(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
}

/** Reads a PKCS#8 (or SEC1) PEM private key; a public key or another curve is refused. */
export function loadSigningKey(pem: string): Promise<SigningKey> {
  return fromPrivate(createPrivateKey(pem));
}
