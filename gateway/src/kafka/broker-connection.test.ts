import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerConnection, parseBrokerAddress, socketFailure } from './broker-connection.js';
import { BrokerConnectionError } from './broker-connection-error.js';

describe('parseBrokerAddress', () => {
  it('reads host:port and [v6]:port', () => {
    expect(parseBrokerAddress('kafka-0.kafka:9093')).toEqual({ host: 'kafka-0.kafka', port: 9093 });
    expect(parseBrokerAddress('[::1]:9092')).toEqual({ host: '::1', port: 9092 });
  });

  it.each(['kafka', ':9092', 'kafka:', 'kafka:99999', 'kafka:ninety'])('refuses "%s"', (address) => {
    expect(() => parseBrokerAddress(address)).toThrow(`"${address}" is not a host:port broker address`);
  });
});

describe('socketFailure', () => {
  const withCode = (code: string, message: string): Error & { code: string } =>
    Object.assign(new Error(message), { code });

  it('calls an untrusted certificate a configuration problem, not retryable', () => {
    for (const code of ['SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED']) {
      const failure = socketFailure(withCode(code, 'bad cert'), 'k:9093');
      expect(failure.code).toBe('CMF_KAFKA_TLS_UNTRUSTED');
      expect(failure.retryable).toBe(false);
      expect(failure.message).toBe('the certificate of k:9093 is not trusted: bad cert');
    }
  });

  it('calls network errors retryable', () => {
    const failure = socketFailure(withCode('ECONNREFUSED', 'connect ECONNREFUSED'), 'k:9092');
    expect(failure.code).toBe('CMF_KAFKA_UNREACHABLE');
    expect(failure.retryable).toBe(true);
    expect(failure.cause).toBeInstanceOf(Error);
  });
});

describe('BrokerConnection against a peer that is not a good broker', () => {
  const servers: net.Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  async function peer(onConnection: (socket: net.Socket) => void): Promise<string> {
    const server = net.createServer(onConnection);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  }

  async function openError(broker: string, timeoutMs = 2000): Promise<BrokerConnectionError> {
    try {
      const connection = await BrokerConnection.open(broker, { clientId: 'test', timeoutMs });
      connection.close();
    } catch (err) {
      if (err instanceof BrokerConnectionError) return err;
      throw err;
    }
    throw new Error('the connection opened');
  }

  it('times out, retryably, when the broker accepts and never answers', async () => {
    const sockets: net.Socket[] = [];
    const broker = await peer((s) => sockets.push(s));
    const err = await openError(broker, 200);
    expect(err.code).toBe('CMF_KAFKA_TIMEOUT');
    expect(err.retryable).toBe(true);
    for (const s of sockets) s.destroy();
  });

  it('reports a connection closed before the answer as unreachable', async () => {
    const broker = await peer((s) => s.once('data', () => s.destroy()));
    const err = await openError(broker);
    expect(err.code).toBe('CMF_KAFKA_UNREACHABLE');
    expect(err.message).toBe(`${broker} closed the connection without answering`);
  });

  it('refuses an answer to another correlation id', async () => {
    const broker = await peer((s) =>
      s.once('data', () => s.write(Buffer.from('0000000a' + '00000063' + '0000' + '00000000', 'hex'))),
    );
    const err = await openError(broker);
    expect(err.code).toBe('CMF_KAFKA_PROTOCOL_ERROR');
    expect(err.message).toBe(`${broker} answered correlation id 99, expected 1`);
  });

  it('reports a refused connection as unreachable', async () => {
    const broker = await peer(() => undefined);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const err = await openError(broker);
    expect(err.code).toBe('CMF_KAFKA_UNREACHABLE');
    expect(err.message).toMatch(/ECONNREFUSED/);
  });
});
