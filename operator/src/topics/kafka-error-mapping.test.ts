import {
  KafkaJSAggregateError,
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { KafkaCallTimeout } from './deadline.js';
import {
  classifyKafkaError,
  describeKafkaError,
  hasKafkaErrorType,
  KafkaErrorKind,
} from './kafka-error-kind.js';
import { breaksClient, kafkaAdminErrorFor, topicProblemFor } from './kafka-error-mapping.js';
import { KafkaAdminError } from './topic-reconciler.js';

// Errors built the way kafkajs 2.2.4 builds them: a protocol error carries the Kafka error type
// and code of the response; retry loops wrap what they give up on.
function protocolError(
  type: string,
  code: number,
  message: string,
  retriable: boolean,
): KafkaJSProtocolError {
  return new KafkaJSProtocolError(Object.assign(new Error(message), { type, code, retriable }));
}
// kafkajs' typings miss constructor arguments these classes take at run time.
const SaslAuthenticationError = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;
const NonRetriableError = KafkaJSNonRetriableError as unknown as new (
  error: Error,
  options: { cause: Error },
) => KafkaJSNonRetriableError;
/** As kafkajs' retry loop wraps an error it gives up on. */
function nonRetriable(error: Error): KafkaJSNonRetriableError {
  return new NonRetriableError(error, { cause: error });
}

const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9', {
  broker: '127.0.0.1:9',
  code: 'ECONNREFUSED',
});
const retriesExhausted = new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 2, retryTime: 800 });
const requestTimeout = new KafkaJSRequestTimeoutError('Request Metadata(key: 3, version: 6) timed out', {
  broker: '127.0.0.1:9092',
  clientId: 'cmf-operator',
  correlationId: 7,
  createdAt: 0,
  sentAt: 0,
  pendingDuration: 7000,
});
const saslFailed = protocolError('SASL_AUTHENTICATION_FAILED', 58, 'SASL Authentication failed', false);
const saslOnPlaintext = nonRetriable(
  protocolError('ILLEGAL_SASL_STATE', 34, 'Request is not valid given the current SASL state', false),
);
const scramRejected = new SaslAuthenticationError('SASL SCRAM SHA512 authentication failed: bad credentials');
const topicDenied = protocolError('TOPIC_AUTHORIZATION_FAILED', 29, 'Not authorized to access topics', false);
const clusterDenied = nonRetriable(
  protocolError('CLUSTER_AUTHORIZATION_FAILED', 31, 'Cluster authorization failed', false),
);
const invalidReplication = new KafkaJSAggregateError('Topic creation errors', [
  protocolError('INVALID_REPLICATION_FACTOR', 38, 'Replication-factor is invalid', false),
]);
const invalidConfig = protocolError('INVALID_CONFIG', 40, 'Configuration is invalid', false);
const noLeader = new KafkaJSNumberOfRetriesExceeded(
  protocolError('LEADER_NOT_AVAILABLE', 5, 'There is no leader for this topic-partition', true),
  { retryCount: 2, retryTime: 800 },
);
const notController = protocolError('NOT_CONTROLLER', 41, 'This is not the correct controller', true);

describe('classifyKafkaError', () => {
  it.each<[string, unknown, KafkaErrorKind]>([
    ['a refused connection', refused, KafkaErrorKind.Unreachable],
    ['retries exhausted on refused connections', retriesExhausted, KafkaErrorKind.Unreachable],
    ['a request timeout', requestTimeout, KafkaErrorKind.Unreachable],
    ['no controller', notController, KafkaErrorKind.Unreachable],
    ['the call deadline', new KafkaCallTimeout('listing topics', 18_000), KafkaErrorKind.Unreachable],
    [
      'a socket error that escaped kafkajs',
      Object.assign(new Error('x'), { code: 'ENOTFOUND' }),
      KafkaErrorKind.Unreachable,
    ],
    ['a SASL failure', saslFailed, KafkaErrorKind.AccessDenied],
    ['SASL against a listener without SASL', saslOnPlaintext, KafkaErrorKind.AccessDenied],
    ['a SCRAM exchange refused', scramRejected, KafkaErrorKind.AccessDenied],
    ['a topic ACL refusal', topicDenied, KafkaErrorKind.AccessDenied],
    ['a cluster ACL refusal, wrapped', clusterDenied, KafkaErrorKind.AccessDenied],
    ['an invalid replication factor inside an aggregate', invalidReplication, KafkaErrorKind.Rejected],
    ['an invalid config', invalidConfig, KafkaErrorKind.Rejected],
    ['no leader yet, retries exhausted', noLeader, KafkaErrorKind.Transient],
    ['a plain bug', new TypeError('x is undefined'), KafkaErrorKind.Unknown],
    ['a thrown string', 'boom', KafkaErrorKind.Unknown],
  ])('%s is %s', (_what, error, kind) => {
    expect(classifyKafkaError(error)).toBe(kind);
  });

  it('lets an access refusal anywhere in the chain win over connection trouble', () => {
    const both = new KafkaJSAggregateError('several', [refused, topicDenied]);
    expect(classifyKafkaError(both)).toBe(KafkaErrorKind.AccessDenied);
  });

  it('survives cyclic causes', () => {
    const a = new KafkaJSError('a') as KafkaJSError & { cause?: unknown };
    const b = nonRetriable(a);
    Object.defineProperty(a, 'cause', { value: b });
    expect(classifyKafkaError(b)).toBe(KafkaErrorKind.Unknown);
  });

  it('finds a Kafka error type through wrappers', () => {
    const unknownTopic = new KafkaJSNumberOfRetriesExceeded(
      protocolError('UNKNOWN_TOPIC_OR_PARTITION', 3, 'This server does not host this topic-partition', true),
      { retryCount: 2, retryTime: 100 },
    );
    expect(hasKafkaErrorType(unknownTopic, 'UNKNOWN_TOPIC_OR_PARTITION')).toBe(true);
    expect(hasKafkaErrorType(refused, 'UNKNOWN_TOPIC_OR_PARTITION')).toBe(false);
  });
});

describe('describeKafkaError', () => {
  it('names the Kafka error type and keeps the root message', () => {
    expect(describeKafkaError(invalidConfig)).toBe('Configuration is invalid (INVALID_CONFIG)');
    expect(describeKafkaError(retriesExhausted)).toBe('Connection error: connect ECONNREFUSED 127.0.0.1:9');
    expect(
      describeKafkaError(nonRetriable(Object.assign(new Error('outer'), { cause: new Error('root') }))),
    ).toBe('outer: root');
  });
});

describe('kafkaAdminErrorFor', () => {
  it('throws KafkaUnreachable for connection trouble, keeping the kafkajs error as cause', () => {
    const error = kafkaAdminErrorFor(retriesExhausted, 'while reconciling topics');
    expect(error).toBeInstanceOf(KafkaAdminError);
    expect(error.code).toBe('KafkaUnreachable');
    expect(error.message).toBe(
      'Kafka could not be reached while reconciling topics: Connection error: connect ECONNREFUSED 127.0.0.1:9',
    );
    expect(error.cause).toBe(retriesExhausted);
  });

  it.each([saslFailed, saslOnPlaintext, scramRejected, clusterDenied])(
    'throws KafkaAccessDenied for a refusal (%#)',
    (refusal) => {
      const error = kafkaAdminErrorFor(refusal, 'while deleting topics');
      expect(error.code).toBe('KafkaAccessDenied');
      expect(error.message).toMatch(/^Kafka refused the operator while deleting topics: /);
    },
  );

  it('treats what it cannot explain as unreachable, and passes a KafkaAdminError through', () => {
    expect(kafkaAdminErrorFor(new TypeError('bug'), 'x').code).toBe('KafkaUnreachable');
    const own = new KafkaAdminError('KafkaAccessDenied', 'no');
    expect(kafkaAdminErrorFor(own, 'x')).toBe(own);
  });
});

describe('topicProblemFor', () => {
  it.each<[string, unknown, string]>([
    ['an ACL refusal', topicDenied, 'KafkaAccessDenied'],
    ['lost connection', retriesExhausted, 'KafkaUnreachable'],
    ['an invalid replication factor', invalidReplication, 'NotSupported'],
    ['an invalid config', invalidConfig, 'NotSupported'],
    ['no leader yet', noLeader, 'TopicsCreating'],
    ['an unknown retriable error', new KafkaJSError('odd'), 'TopicsCreating'],
    ['a bug', new TypeError('x is undefined'), 'NotSupported'],
  ])('reports %s as %s', (_what, error, code) => {
    expect(topicProblemFor('chat.messages', error, 'creating topic')).toMatchObject({
      topic: 'chat.messages',
      code,
    });
  });

  it('says what failed on which topic, and why', () => {
    expect(topicProblemFor('chat.dlq', invalidConfig, 'creating topic').message).toBe(
      'creating topic chat.dlq: Configuration is invalid (INVALID_CONFIG)',
    );
  });
});

describe('breaksClient', () => {
  it('drops clients on connection trouble and refusals only', () => {
    expect(breaksClient(retriesExhausted)).toBe(true);
    expect(breaksClient(new KafkaCallTimeout('x', 1))).toBe(true);
    expect(breaksClient(saslFailed)).toBe(true);
    expect(breaksClient(invalidConfig)).toBe(false);
    expect(breaksClient(noLeader)).toBe(false);
  });
});
