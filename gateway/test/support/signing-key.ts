import { exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWK } from 'jose';

export type SigningAlgorithm = 'RS256' | 'ES256' | 'EdDSA';

/** An identity provider's key pair: the private half signs test tokens, the public half is published. */
export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly privateKey: CryptoKey;
  /** The public key as a JWKS entry, with its kid. */
  readonly jwk: JWK;
  /** The public key as a PEM file would hold it. */
  readonly spki: string;
}

/** A fresh key pair per call: tests never share or persist keys. */
export async function signingKey(kid: string, alg: SigningAlgorithm): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return {
    kid,
    alg,
    privateKey,
    jwk: { ...(await exportJWK(publicKey)), kid },
    spki: await exportSPKI(publicKey),
  };
}
