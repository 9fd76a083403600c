import net from 'node:net';
import tls from 'node:tls';
import { BrokerConnectionError } from './broker-connection-error.js';
import type { KafkaSecurity } from './kafka-client.js';
import { authenticateSasl, saslExchangeFor, type RequestSender } from './sasl/sasl-authenticator.js';
import { apiVersionsRequest, negotiateVersion, type ApiVersions } from './wire/api-versions.js';
import { FrameSplitter } from './wire/frame-splitter.js';
import { decodeResponse, encodeRequest, type KafkaRequest } from './wire/kafka-request.js';

export interface BrokerConnectionOptions {
  readonly clientId: string;
  /** Longest silence allowed while connecting or waiting for an answer. */
  readonly timeoutMs: number;
  /** Unset: plaintext, no SASL. */
  readonly security?: KafkaSecurity;
}

/**
 * OpenSSL's verdicts on a certificate: the configured CA or the broker's certificate is wrong, so
 * trying again changes nothing until one of them does.
 */
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** Turns a socket error into the failure callers act on. */
export function socketFailure(error: Error & { code?: string }, broker: string): BrokerConnectionError {
  if (error.code !== undefined && UNTRUSTED_CERTIFICATE_CODES.has(error.code))
    return new BrokerConnectionError(
      'tlsUntrusted',
      `the certificate of ${broker} is not trusted: ${error.message}`,
      {
        cause: error,
      },
    );
  return new BrokerConnectionError('unreachable', `cannot reach ${broker}: ${error.message}`, {
    cause: error,
  });
}

/** "host:port" or "[v6]:port". */
export function parseBrokerAddress(broker: string): { host: string; port: number } {
  const colon = broker.lastIndexOf(':');
  const host = broker.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = Number(broker.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535)
    throw new BrokerConnectionError('unreachable', `"${broker}" is not a host:port broker address`);
  return { host, port };
}

interface Pending {
  readonly correlationId: number;
  readonly request: KafkaRequest<unknown>;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * One raw connection to a broker for the few requests kafkajs cannot make: TLS when configured
 * (the CA from the config, the host name checked against the certificate), ApiVersions, SASL,
 * then requests one at a time. It is opened, used and closed; it never reconnects.
 */
export class BrokerConnection implements RequestSender {
  private readonly splitter = new FrameSplitter();
  private pending: Pending | undefined;
  private failure: BrokerConnectionError | undefined;
  private nextCorrelationId = 1;
  private versions: ApiVersions = new Map();

  private constructor(
    private readonly socket: net.Socket,
    private readonly broker: string,
    private readonly clientId: string,
  ) {}

  /** Connects, learns the broker's API versions and authenticates; a failure closes the socket. */
  static async open(broker: string, options: BrokerConnectionOptions): Promise<BrokerConnection> {
    const { host, port } = parseBrokerAddress(broker);
    const socket = await connectSocket(host, port, broker, options);
    const connection = new BrokerConnection(socket, broker, options.clientId);
    connection.listen();
    try {
      connection.versions = await connection.send(apiVersionsRequest());
      const sasl = options.security?.sasl;
      if (sasl !== undefined) await authenticateSasl(connection, connection.versions, saslExchangeFor(sasl));
    } catch (error) {
      connection.close();
      throw error;
    }
    return connection;
  }

  /** The version of `apiKey` to use: the newest within `ours` that the broker serves. */
  negotiate(
    apiKey: KafkaRequest<unknown>['apiKey'],
    name: string,
    ours: { min: number; max: number },
  ): number {
    return negotiateVersion(this.versions, apiKey, name, ours);
  }

  send<T>(request: KafkaRequest<T>): Promise<T> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.pending !== undefined)
      return Promise.reject(
        new Error(`${request.name} sent while ${this.pending.request.name} is unanswered`),
      );
    const correlationId = this.nextCorrelationId++;
    return new Promise<T>((resolve, reject) => {
      this.pending = { correlationId, request, resolve: resolve, reject };
      this.socket.write(encodeRequest(request, correlationId, this.clientId));
    });
  }

  close(): void {
    this.failure ??= new BrokerConnectionError('unreachable', `connection to ${this.broker} closed`);
    this.socket.destroy();
  }

  private listen(): void {
    this.socket.on('data', (chunk: Buffer) => {
      try {
        for (const frame of this.splitter.push(chunk)) this.answer(frame);
      } catch (error) {
        this.fail(error as Error);
      }
    });
    this.socket.on('timeout', () => {
      this.fail(
        new BrokerConnectionError(
          'timeout',
          `${this.broker} did not answer within ${this.socket.timeout ?? 0} ms`,
        ),
      );
    });
    this.socket.on('error', (error) => {
      this.fail(socketFailure(error, this.broker));
    });
    this.socket.on('close', () => {
      // A broker closes the connection instead of answering when it will not serve the request,
      // for example a SASL listener receiving a request before authentication.
      this.fail(
        new BrokerConnectionError('unreachable', `${this.broker} closed the connection without answering`),
      );
    });
  }

  private answer(frame: Buffer): void {
    const pending = this.pending;
    if (pending === undefined)
      throw new BrokerConnectionError('protocol', `${this.broker} sent an unrequested response`);
    const { correlationId, value } = decodeResponse(frame, pending.request);
    if (correlationId !== pending.correlationId)
      throw new BrokerConnectionError(
        'protocol',
        `${this.broker} answered correlation id ${correlationId}, expected ${pending.correlationId}`,
      );
    this.pending = undefined;
    pending.resolve(value);
  }

  private fail(error: Error): void {
    const failure =
      error instanceof BrokerConnectionError
        ? error
        : new BrokerConnectionError('protocol', error.message, { cause: error });
    this.failure ??= failure;
    const pending = this.pending;
    this.pending = undefined;
    this.socket.destroy();
    pending?.reject(failure);
  }
}

function connectSocket(
  host: string,
  port: number,
  broker: string,
  options: BrokerConnectionOptions,
): Promise<net.Socket> {
  const transport = options.security?.tls;
  return new Promise((resolve, reject) => {
    const socket =
      transport === undefined
        ? net.connect({ host, port })
        : tls.connect({
            host,
            port,
            ...(transport.ca === undefined ? {} : { ca: transport.ca }),
            // SNI carries host names only (RFC 6066); an IP address is still checked against the
            // certificate's IP subjectAltNames.
            ...(net.isIP(host) === 0 ? { servername: host } : {}),
            minVersion: 'TLSv1.2',
          });
    const ready = transport === undefined ? 'connect' : 'secureConnect';
    const onError = (error: Error): void => {
      socket.destroy();
      reject(socketFailure(error, broker));
    };
    const onTimeout = (): void => {
      socket.destroy();
      reject(
        new BrokerConnectionError('timeout', `cannot connect to ${broker} within ${options.timeoutMs} ms`),
      );
    };
    const onClose = (): void => {
      reject(new BrokerConnectionError('unreachable', `${broker} closed the connection while connecting`));
    };
    socket.setTimeout(options.timeoutMs);
    socket.once('error', onError);
    socket.once('timeout', onTimeout);
    socket.once('close', onClose);
    socket.once(ready, () => {
      socket.off('error', onError);
      socket.off('timeout', onTimeout);
      socket.off('close', onClose);
      resolve(socket);
    });
  });
}
