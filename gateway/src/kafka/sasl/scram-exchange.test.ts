import { describe, expect, it } from 'vitest';
import { BrokerConnectionError } from '../broker-connection-error.js';
import { escapeSaslName, parseScramAttributes, ScramExchange } from './scram-exchange.js';

// RFC 7677 section 3: user "user", password "pencil", SCRAM-SHA-256, 4096 iterations.
const RFC7677 = {
  clientNonce: 'rOprNGfwEbeRWgbNEkqO',
  clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinal:
    'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

function rfcExchange(): ScramExchange {
  return new ScramExchange('SCRAM-SHA-256', 'user', 'pencil', RFC7677.clientNonce);
}

async function failure(run: () => Promise<unknown>): Promise<BrokerConnectionError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof BrokerConnectionError) return err;
    throw err;
  }
  throw new Error('the exchange accepted it');
}

describe('ScramExchange', () => {
  it('computes the RFC 7677 SCRAM-SHA-256 messages and accepts the server signature', async () => {
    const scram = rfcExchange();
    expect(scram.start().toString()).toBe(RFC7677.clientFirst);
    const final = await scram.next(Buffer.from(RFC7677.serverFirst));
    expect(final?.toString()).toBe(RFC7677.clientFinal);
    await expect(scram.next(Buffer.from(RFC7677.serverFinal))).resolves.toBeUndefined();
  });

  it('refuses a server signature that does not match, as not retryable', async () => {
    const scram = rfcExchange();
    await scram.next(Buffer.from(RFC7677.serverFirst));
    const forged = `v=${Buffer.alloc(32, 7).toString('base64')}`;
    const err = await failure(() => scram.next(Buffer.from(forged)));
    expect(err.code).toBe('CMF_KAFKA_SASL_SERVER_UNVERIFIED');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('server signature does not match');
  });

  it('refuses a server-final message without a signature', async () => {
    const scram = rfcExchange();
    await scram.next(Buffer.from(RFC7677.serverFirst));
    const err = await failure(() => scram.next(Buffer.from('x=1')));
    expect(err.code).toBe('CMF_KAFKA_SASL_SERVER_UNVERIFIED');
  });

  it('reports a server-final error as an authentication failure', async () => {
    const scram = rfcExchange();
    await scram.next(Buffer.from(RFC7677.serverFirst));
    const err = await failure(() => scram.next(Buffer.from('e=invalid-proof')));
    expect(err.code).toBe('CMF_KAFKA_SASL_AUTH_FAILED');
    expect(err.message).toContain('invalid-proof');
  });

  it.each([
    [
      'a nonce that does not extend the client nonce',
      'r=someoneelse123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
      'nonce',
    ],
    [
      'a nonce equal to the client nonce',
      `r=${RFC7677.clientNonce},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096`,
      'nonce',
    ],
    ['fewer than 4096 iterations', `r=${RFC7677.clientNonce}xyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4095`, '4096'],
    [
      'a non-numeric iteration count',
      `r=${RFC7677.clientNonce}xyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=many`,
      'iteration',
    ],
    ['no salt', `r=${RFC7677.clientNonce}xyz,i=4096`, 'lacks'],
    ['an empty salt', `r=${RFC7677.clientNonce}xyz,s=,i=4096`, 'empty salt'],
    [
      'a mandatory extension',
      `m=ext,r=${RFC7677.clientNonce}xyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096`,
      'extension',
    ],
    ['garbage', 'not scram at all', 'malformed'],
  ])('refuses a server-first message with %s', async (_what, serverFirst, says) => {
    const err = await failure(() => rfcExchange().next(Buffer.from(serverFirst)));
    expect(err.code).toBe('CMF_KAFKA_SASL_SERVER_UNVERIFIED');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain(says);
  });

  it('refuses a message after the exchange completed', async () => {
    const scram = rfcExchange();
    await scram.next(Buffer.from(RFC7677.serverFirst));
    await scram.next(Buffer.from(RFC7677.serverFinal));
    const err = await failure(() => scram.next(Buffer.from(RFC7677.serverFinal)));
    expect(err.message).toContain('after the exchange completed');
  });

  it('derives SCRAM-SHA-512 keys of 64 bytes, so the proof is 64 bytes', async () => {
    const scram = new ScramExchange('SCRAM-SHA-512', 'user', 'pencil', RFC7677.clientNonce);
    const final = (await scram.next(Buffer.from(RFC7677.serverFirst)))?.toString() ?? '';
    const proof = parseScramAttributes(final).get('p') ?? '';
    expect(Buffer.from(proof, 'base64')).toHaveLength(64);
    // Same inputs, another hash: the proof must differ from the SHA-256 one.
    expect(final).not.toBe(RFC7677.clientFinal);
  });

  it('uses a fresh random nonce per exchange unless one is given', () => {
    const a = new ScramExchange('SCRAM-SHA-512', 'u', 'p').start().toString();
    const b = new ScramExchange('SCRAM-SHA-512', 'u', 'p').start().toString();
    expect(a).toMatch(/^n,,n=u,r=[A-Za-z0-9+/=]{32}$/);
    expect(a).not.toBe(b);
  });
});

describe('SCRAM names and attributes', () => {
  it('escapes "=" and "," in the user name (RFC 5802 saslname)', () => {
    expect(escapeSaslName('a=b,c')).toBe('a=3Db=2Cc');
    expect(new ScramExchange('SCRAM-SHA-256', 'x,y', 'p', 'n0nce').start().toString()).toBe(
      'n,,n=x=2Cy,r=n0nce',
    );
  });

  it('keeps "=" inside attribute values', () => {
    expect(parseScramAttributes('s=QSXCR+Q6sek8bf92==,i=4096')).toEqual(
      new Map([
        ['s', 'QSXCR+Q6sek8bf92=='],
        ['i', '4096'],
      ]),
    );
  });
});
