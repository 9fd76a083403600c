import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { BrokerConnectionError } from '../broker-connection-error.js';
import type { SaslExchange } from './sasl-exchange.js';

const pbkdf2Async = promisify(pbkdf2);

export const ScramAlgorithm = {
  'SCRAM-SHA-256': { hash: 'sha256', keyLength: 32 },
  'SCRAM-SHA-512': { hash: 'sha512', keyLength: 64 },
} as const;

export type ScramMechanism = keyof typeof ScramAlgorithm;

/**
 * RFC 7677 asks for at least 4096 iterations, and Kafka refuses fewer when it stores credentials.
 * A server-first message with fewer is a downgrade attempt, not a broker.
 */
const MIN_ITERATIONS = 4096;

/** The GS2 header of a client without channel binding: "n,," (base64 "biws"). */
const GS2_HEADER = 'n,,';

/** RFC 5802 saslname: "=" and "," are the only characters that must be escaped. */
export function escapeSaslName(name: string): string {
  return name.replaceAll('=', '=3D').replaceAll(',', '=2C');
}

/** Splits "k=v,k=v" into attributes; a value may itself contain "=". */
export function parseScramAttributes(message: string): ReadonlyMap<string, string> {
  const attributes = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq !== 1) throw unverified(`malformed SCRAM attribute "${part}"`);
    attributes.set(part.slice(0, 1), part.slice(2));
  }
  return attributes;
}

function unverified(message: string): BrokerConnectionError {
  return new BrokerConnectionError('saslServerUnverified', `SCRAM: ${message}`);
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

/**
 * The client side of SCRAM (RFC 5802, with the SHA-2 hashes of RFC 7677 and Kafka's KIP-84):
 * client-first, then, from the server-first message, the salted password (PBKDF2), the client
 * proof, and the server signature that the server-final message must carry. Without that last
 * check anyone who accepts the connection could claim to have authenticated us.
 *
 * Like Kafka's own client, the password is used as its UTF-8 bytes without SASLprep, so the two
 * agree on every password Kafka stored.
 */
export class ScramExchange implements SaslExchange {
  private readonly clientFirstBare: string;
  private expectedServerSignature: Buffer | undefined;
  private done = false;

  constructor(
    readonly mechanism: ScramMechanism,
    username: string,
    private readonly password: string,
    /** Random unless a test pins it. */
    private readonly clientNonce: string = randomBytes(24).toString('base64'),
  ) {
    this.clientFirstBare = `n=${escapeSaslName(username)},r=${clientNonce}`;
  }

  start(): Buffer {
    return Buffer.from(GS2_HEADER + this.clientFirstBare, 'utf8');
  }

  async next(serverMessage: Buffer): Promise<Buffer | undefined> {
    if (this.expectedServerSignature === undefined) return this.clientFinal(serverMessage.toString('utf8'));
    if (this.done) throw unverified('the server sent a message after the exchange completed');
    this.verifyServerFinal(serverMessage.toString('utf8'));
    this.done = true;
    return undefined;
  }

  private async clientFinal(serverFirst: string): Promise<Buffer> {
    const attributes = parseScramAttributes(serverFirst);
    if (attributes.has('m')) throw unverified('the server requires an extension this client does not know');
    const nonce = attributes.get('r');
    const salt = attributes.get('s');
    const iterationsText = attributes.get('i');
    if (nonce === undefined || salt === undefined || iterationsText === undefined)
      throw unverified(`server-first message lacks r, s or i: "${serverFirst}"`);
    if (!nonce.startsWith(this.clientNonce) || nonce.length === this.clientNonce.length)
      throw unverified('the server nonce does not extend the client nonce');
    const iterations = Number(iterationsText);
    if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS)
      throw unverified(`iteration count ${iterationsText} is below ${MIN_ITERATIONS}`);
    const saltBytes = Buffer.from(salt, 'base64');
    if (saltBytes.length === 0) throw unverified('empty salt');

    const { hash, keyLength } = ScramAlgorithm[this.mechanism];
    const hmac = (key: Buffer, text: string): Buffer => createHmac(hash, key).update(text, 'utf8').digest();
    const saltedPassword = await pbkdf2Async(
      Buffer.from(this.password, 'utf8'),
      saltBytes,
      iterations,
      keyLength,
      hash,
    );
    const clientKey = hmac(saltedPassword, 'Client Key');
    const storedKey = createHash(hash).update(clientKey).digest();
    const clientFinalWithoutProof = `c=${Buffer.from(GS2_HEADER).toString('base64')},r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${clientFinalWithoutProof}`;
    const clientProof = xor(clientKey, hmac(storedKey, authMessage));
    this.expectedServerSignature = hmac(hmac(saltedPassword, 'Server Key'), authMessage);
    return Buffer.from(`${clientFinalWithoutProof},p=${clientProof.toString('base64')}`, 'utf8');
  }

  private verifyServerFinal(serverFinal: string): void {
    const attributes = parseScramAttributes(serverFinal);
    const error = attributes.get('e');
    if (error !== undefined)
      throw new BrokerConnectionError('saslAuthFailed', `SCRAM: the server refused: ${error}`);
    const signature = Buffer.from(attributes.get('v') ?? '', 'base64');
    const expected = this.expectedServerSignature ?? Buffer.alloc(0);
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected))
      throw unverified('the server signature does not match: the broker does not know the password');
  }
}
