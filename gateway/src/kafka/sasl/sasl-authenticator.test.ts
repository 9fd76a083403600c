import { describe, expect, it } from 'vitest';
import { BrokerConnectionError } from '../broker-connection-error.js';
import { ApiKey } from '../wire/api-keys.js';
import type { ApiVersions } from '../wire/api-versions.js';
import type { KafkaRequest } from '../wire/kafka-request.js';
import type { SaslAuthenticateResponse } from '../wire/sasl-authenticate.js';
import type { SaslHandshakeResponse } from '../wire/sasl-handshake.js';
import { WireReader } from '../wire/wire-reader.js';
import { authenticateSasl, saslExchangeFor, type RequestSender } from './sasl-authenticator.js';
import { PlainExchange } from './plain-exchange.js';
import { ScramExchange } from './scram-exchange.js';

type Answer = SaslHandshakeResponse | SaslAuthenticateResponse;

/** A broker that answers from a script and records what it was sent. */
class ScriptedBroker implements RequestSender {
  readonly sent: { apiKey: number; version: number; payload: string }[] = [];
  constructor(private readonly answers: Answer[]) {}

  send<T>(request: KafkaRequest<T>): Promise<T> {
    const r = new WireReader(request.body, 'request');
    const payload =
      request.apiKey === ApiKey.saslHandshake
        ? (r.nullableString() ?? '')
        : (request.flexible ? r.compactBytes() : r.bytes()).toString();
    this.sent.push({ apiKey: request.apiKey, version: request.version, payload });
    const answer = this.answers.shift();
    if (answer === undefined) return Promise.reject(new Error(`unscripted ${request.name}`));
    return Promise.resolve(answer as T);
  }
}

const modern: ApiVersions = new Map([
  [ApiKey.saslHandshake, { min: 1, max: 1 }],
  [ApiKey.saslAuthenticate, { min: 0, max: 2 }],
]);

const ok = (bytes = ''): SaslAuthenticateResponse => ({
  errorCode: 0,
  errorMessage: null,
  authBytes: Buffer.from(bytes),
});

async function failure(run: () => Promise<unknown>): Promise<BrokerConnectionError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof BrokerConnectionError) return err;
    throw err;
  }
  throw new Error('authentication succeeded');
}

describe('authenticateSasl', () => {
  it('runs SCRAM through SaslHandshake v1 and SaslAuthenticate v2 (RFC 7677 exchange)', async () => {
    const broker = new ScriptedBroker([
      { errorCode: 0, mechanisms: ['SCRAM-SHA-256'] },
      ok('r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096'),
      ok('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4='),
    ]);
    await authenticateSasl(
      broker,
      modern,
      new ScramExchange('SCRAM-SHA-256', 'user', 'pencil', 'rOprNGfwEbeRWgbNEkqO'),
    );
    expect(broker.sent).toEqual([
      { apiKey: ApiKey.saslHandshake, version: 1, payload: 'SCRAM-SHA-256' },
      { apiKey: ApiKey.saslAuthenticate, version: 2, payload: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO' },
      {
        apiKey: ApiKey.saslAuthenticate,
        version: 2,
        payload:
          'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
      },
    ]);
  });

  it('uses the newest SaslAuthenticate version the broker serves', async () => {
    const broker = new ScriptedBroker([{ errorCode: 0, mechanisms: ['PLAIN'] }, ok()]);
    const older = new Map([...modern, [ApiKey.saslAuthenticate, { min: 0, max: 1 }]]);
    await authenticateSasl(broker, older, new PlainExchange('u', 'p'));
    expect(broker.sent.map((s) => [s.apiKey, s.version])).toEqual([
      [ApiKey.saslHandshake, 1],
      [ApiKey.saslAuthenticate, 1],
    ]);
    expect(broker.sent[1]?.payload).toBe('\u0000u\u0000p');
  });

  it('refuses a mechanism the broker does not enable, naming the ones it does', async () => {
    const broker = new ScriptedBroker([{ errorCode: 33, mechanisms: ['SCRAM-SHA-512'] }]);
    const err = await failure(() => authenticateSasl(broker, modern, new PlainExchange('u', 'p')));
    expect(err.code).toBe('CMF_KAFKA_SASL_MECHANISM_REFUSED');
    expect(err.retryable).toBe(false);
    expect(err.message).toBe(
      'the broker does not enable SASL PLAIN on this listener (it enables SCRAM-SHA-512)',
    );
  });

  it('carries the broker message when it refuses the credentials, as not retryable', async () => {
    const broker = new ScriptedBroker([
      { errorCode: 0, mechanisms: ['PLAIN'] },
      { errorCode: 58, errorMessage: 'Invalid username or password', authBytes: Buffer.alloc(0) },
    ]);
    const err = await failure(() => authenticateSasl(broker, modern, new PlainExchange('u', 'wrong')));
    expect(err.code).toBe('CMF_KAFKA_SASL_AUTH_FAILED');
    expect(err.retryable).toBe(false);
    expect(err.message).toBe('SASL PLAIN authentication failed: Invalid username or password');
  });

  it('stops at the SCRAM server signature check even when the broker says yes', async () => {
    const broker = new ScriptedBroker([
      { errorCode: 0, mechanisms: ['SCRAM-SHA-256'] },
      ok('r=rOprNGfwEbeRWgbNEkqOserver,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096'),
      ok(`v=${Buffer.alloc(32).toString('base64')}`),
    ]);
    const scram = new ScramExchange('SCRAM-SHA-256', 'user', 'pencil', 'rOprNGfwEbeRWgbNEkqO');
    const err = await failure(() => authenticateSasl(broker, modern, scram));
    expect(err.code).toBe('CMF_KAFKA_SASL_SERVER_UNVERIFIED');
  });

  it('refuses a broker without SaslHandshake v1 before sending anything', async () => {
    const broker = new ScriptedBroker([]);
    const old = new Map([[ApiKey.saslHandshake, { min: 0, max: 0 }]]);
    const err = await failure(() => authenticateSasl(broker, old, new PlainExchange('u', 'p')));
    expect(err.code).toBe('CMF_KAFKA_UNSUPPORTED_VERSION');
    expect(err.message).toBe('the broker serves SaslHandshake v0-v0; this client speaks v1-v1');
    expect(broker.sent).toEqual([]);
  });

  it('builds the exchange the credentials name', () => {
    expect(saslExchangeFor({ mechanism: 'plain', username: 'u', password: 'p' }).mechanism).toBe('PLAIN');
    expect(saslExchangeFor({ mechanism: 'scram-sha-256', username: 'u', password: 'p' }).mechanism).toBe(
      'SCRAM-SHA-256',
    );
    expect(saslExchangeFor({ mechanism: 'scram-sha-512', username: 'u', password: 'p' }).mechanism).toBe(
      'SCRAM-SHA-512',
    );
  });
});
