import { ConditionReason, SaslMechanism, type ChatGateway } from '../api/v1alpha1/index.js';
import { parseGoDurationMs } from '../duration/index.js';
import { CoreResources, isNotFound, objectPath, type KubeApi } from '../kube/index.js';
import type { KafkaConnection } from '../topics/topic-reconciler.js';
import { ReconcileProblem } from './reconcile-problem.js';

/** The operator's own Kafka settings, from its config. */
export interface KafkaDefaults {
  readonly bootstrapServers: readonly string[];
  readonly credentialsSecret: { readonly namespace: string; readonly name: string } | undefined;
}

const MECHANISMS = {
  [SaslMechanism.Plain]: 'plain',
  [SaslMechanism.ScramSha256]: 'scram-sha-256',
  [SaslMechanism.ScramSha512]: 'scram-sha-512',
} as const;

/** Reads one key of a Secret, as text; a missing Secret or key is SecretNotFound. */
export async function readSecretKey(
  api: KubeApi,
  namespace: string,
  name: string,
  key: string,
): Promise<string> {
  let data: Readonly<Record<string, string>> | undefined;
  try {
    const secret = await api.get(objectPath(CoreResources.secret, namespace, name));
    data = secret['data'] as Readonly<Record<string, string>> | undefined;
  } catch (err) {
    if (isNotFound(err)) {
      throw new ReconcileProblem(
        ConditionReason.SecretNotFound,
        `Secret ${namespace}/${name} does not exist`,
      );
    }
    throw err;
  }
  const value = data?.[key];
  if (value === undefined) {
    throw new ReconcileProblem(
      ConditionReason.SecretNotFound,
      `Secret ${namespace}/${name} has no key ${key}`,
    );
  }
  return Buffer.from(value, 'base64').toString('utf8');
}

/**
 * How the operator reaches a ChatGateway's Kafka cluster: its own spec.kafka when it names
 * brokers (credentials from its own namespace), else the operator's default cluster with the
 * operator's credentials. Secrets are read on every reconcile, so a rotation needs no restart.
 */
export async function kafkaConnection(
  api: KubeApi,
  gateway: ChatGateway,
  defaults: KafkaDefaults,
): Promise<KafkaConnection> {
  const kafka = gateway.spec.kafka;
  const namespace = gateway.metadata.namespace ?? '';
  const own = kafka.bootstrapServers !== undefined && kafka.bootstrapServers.length > 0;
  const brokers = own ? (kafka.bootstrapServers ?? []) : defaults.bootstrapServers;
  if (brokers.length === 0) {
    throw new ReconcileProblem(
      ConditionReason.KafkaUnreachable,
      'no Kafka brokers: set spec.kafka.bootstrapServers or the operator’s CMF_OPERATOR_KAFKA_BOOTSTRAP_SERVERS',
    );
  }
  const mechanism = MECHANISMS[kafka.saslMechanism];
  let sasl: KafkaConnection['sasl'];
  if (own && kafka.credentialsSecretRef !== undefined) {
    const ref = kafka.credentialsSecretRef;
    sasl = {
      mechanism,
      username: await readSecretKey(api, namespace, ref.name, ref.usernameKey),
      password: await readSecretKey(api, namespace, ref.name, ref.passwordKey),
    };
  } else if (!own && defaults.credentialsSecret !== undefined) {
    const ref = defaults.credentialsSecret;
    sasl = {
      mechanism,
      username: await readSecretKey(api, ref.namespace, ref.name, 'username'),
      password: await readSecretKey(api, ref.namespace, ref.name, 'password'),
    };
  }
  let tls: KafkaConnection['tls'];
  if (kafka.tls.enabled) {
    const caRef = kafka.tls.caSecretRef;
    tls = caRef === undefined ? {} : { ca: await readSecretKey(api, namespace, caRef.name, caRef.key) };
  }
  return {
    brokers,
    clientId: 'cmf-operator',
    connectTimeoutMs: parseGoDurationMs(kafka.connectTimeout) ?? 10_000,
    ...(sasl === undefined ? {} : { sasl }),
    ...(tls === undefined ? {} : { tls }),
  };
}
