import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, type Admin, type DescribeConfigResponse, type ITopicMetadata } from 'kafkajs';
import type { TopicStatus } from '../api/v1alpha1/index.js';
import { AdminClientCache } from './admin-client-cache.js';
import { withDeadline } from './deadline.js';
import { adminRetry, AdminTimeouts, callDeadlineMs, kafkaClientConfig } from './kafka-client-config.js';
import { hasKafkaErrorType } from './kafka-error-kind.js';
import { ConfigResourceType, ConfigValueSource } from './kafka-wire-codes.js';
import { breaksClient, kafkaAdminErrorFor, topicProblemFor } from './kafka-error-mapping.js';
import type { TopicsLogger } from './quiet-kafkajs-logger.js';
import { planTopicUpdate, type ObservedConfig, type ObservedTopic } from './topic-plan.js';
import type {
  DesiredTopic,
  EnsureTopicsResult,
  KafkaConnection,
  TopicProblem,
  TopicReconciler,
} from './topic-reconciler.js';

export interface KafkaTopicReconcilerOptions {
  /** Receives kafkajs' own warnings and errors at debug level. Default: they are dropped. */
  readonly logger?: TopicsLogger;
  /**
   * An admin client unused this long is disconnected. Default 15 minutes: longer than the
   * operator's default resync (10 minutes), so a cluster in use keeps its client.
   */
  readonly idleClientMs?: number;
  /** Builds the kafkajs admin for a connection. Default: a kafkajs client per kafkaClientConfig. */
  readonly createAdmin?: (connection: KafkaConnection) => Admin;
}

/** One ensure() or deleteTopics() pass on one cluster. */
interface Session {
  /**
   * Runs one admin call under the connection's deadline. The first failure that breaks the client
   * (unreachable, refused) drops the client and fails every later call of the pass at once, so a
   * cluster that stops answering costs one deadline, not one per call.
   */
  call<T>(operation: string, work: (admin: Admin) => Promise<T>): Promise<T>;
}

/** What one topic contributes to the result. */
interface TopicOutcome {
  readonly status?: TopicStatus;
  readonly problems: readonly TopicProblem[];
}

type Observation =
  | { readonly state: 'missing' }
  | { readonly state: 'present'; readonly topic: ObservedTopic }
  | { readonly state: 'unreadable'; readonly problem: TopicProblem };

type ConfigEntry = DescribeConfigResponse['resources'][number]['configEntries'][number];

/**
 * Kafka topics through the kafkajs admin API, in the manner of Strimzi's topic operator: create
 * what is missing, adopt what exists, grow partitions, correct config drift, report what Kafka
 * cannot do. See DESIGN.md beside this file for the decisions.
 */
export class KafkaTopicReconciler implements TopicReconciler {
  private readonly clients: AdminClientCache<Admin>;

  constructor(options: KafkaTopicReconcilerOptions = {}) {
    const createAdmin =
      options.createAdmin ??
      ((connection: KafkaConnection) =>
        new Kafka(kafkaClientConfig(connection, options.logger)).admin({ retry: adminRetry }));
    this.clients = new AdminClientCache<Admin>({
      create: createAdmin,
      connectDeadlineMs: callDeadlineMs,
      idleMs: options.idleClientMs ?? 15 * 60_000,
    });
  }

  async ensure(
    connection: KafkaConnection,
    desired: readonly DesiredTopic[],
    created: ReadonlySet<string>,
  ): Promise<EnsureTopicsResult> {
    if (desired.length === 0) return { topics: [], problems: [] };
    return this.withSession(connection, 'while reconciling topics', async (session) => {
      // The only step whose failure stops everything: without the listing nothing can be decided.
      // It reads every topic's partitions (the request kafkajs' listTopics makes anyway), so each
      // existing topic is reported, with its created mark, whatever happens to it afterwards.
      const listing = await session.call('listing topics', (admin) => admin.fetchTopicMetadata());
      const existing = new Map(listing.topics.map((topic) => [topic.name, topic]));
      const outcomes = await Promise.all(
        desired.map((topic) =>
          this.ensureTopic(session, topic, existing.get(topic.name), created.has(topic.name)),
        ),
      );
      return {
        topics: outcomes.flatMap((outcome) => (outcome.status === undefined ? [] : [outcome.status])),
        problems: outcomes.flatMap((outcome) => outcome.problems),
      };
    });
  }

  async deleteTopics(connection: KafkaConnection, names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    await this.withSession(connection, 'while deleting topics', async (session) => {
      const existing = new Set(await session.call('listing topics', (admin) => admin.listTopics()));
      const failures: unknown[] = [];
      await Promise.all(
        [...new Set(names)]
          .filter((name) => existing.has(name))
          .map(async (name) => {
            try {
              await session.call(`deleting topic ${name}`, (admin) =>
                admin.deleteTopics({ topics: [name], timeout: AdminTimeouts.serverOperationMs }),
              );
            } catch (error) {
              // Gone since the listing (deleted by someone else): what was asked is true.
              if (!hasKafkaErrorType(error, 'UNKNOWN_TOPIC_OR_PARTITION')) failures.push(error);
            }
          }),
      );
      const [first] = failures;
      if (first !== undefined) throw kafkaAdminErrorFor(first, 'while deleting topics');
    });
  }

  async close(): Promise<void> {
    await this.clients.close();
  }

  private async withSession<T>(
    connection: KafkaConnection,
    doing: string,
    work: (session: Session) => Promise<T>,
  ): Promise<T> {
    if (connection.brokers.length === 0) {
      throw kafkaAdminErrorFor(new Error('no bootstrap brokers are configured'), doing);
    }
    try {
      return await this.clients.use(connection, (admin) => work(this.session(connection, admin)));
    } catch (error) {
      throw kafkaAdminErrorFor(error, doing);
    }
  }

  private session(connection: KafkaConnection, admin: Admin): Session {
    const deadlineMs = callDeadlineMs(connection);
    let broken: Error | undefined;
    return {
      call: async <T>(operation: string, work: (client: Admin) => Promise<T>): Promise<T> => {
        if (broken !== undefined) throw broken;
        try {
          return await withDeadline(operation, deadlineMs, () => work(admin));
        } catch (error) {
          if (breaksClient(error)) {
            broken ??= error instanceof Error ? error : new Error(String(error));
            this.clients.discard(connection, admin);
          }
          throw error;
        }
      },
    };
  }

  private async ensureTopic(
    session: Session,
    desired: DesiredTopic,
    listed: ITopicMetadata | undefined,
    createdBefore: boolean,
  ): Promise<TopicOutcome> {
    if (listed === undefined) return this.create(session, desired);
    const observation = await this.observe(session, listed);
    switch (observation.state) {
      case 'unreadable':
        return {
          status: { name: desired.name, partitions: listed.partitions.length, created: createdBefore },
          problems: [observation.problem],
        };
      case 'missing':
        return this.create(session, desired);
      case 'present':
        return this.update(session, desired, observation.topic, createdBefore);
    }
  }

  private async observe(session: Session, listed: ITopicMetadata): Promise<Observation> {
    const { name } = listed;
    try {
      const described = await session.call(`reading configs of topic ${name}`, (admin) =>
        admin.describeConfigs({
          resources: [{ type: ConfigResourceType.Topic, name }],
          includeSynonyms: false,
        }),
      );
      const entries = described.resources.find((r) => r.resourceName === name)?.configEntries ?? [];
      return { state: 'present', topic: observedTopic(listed, entries) };
    } catch (error) {
      // Deleted since the listing: it is created again like any missing topic.
      if (hasKafkaErrorType(error, 'UNKNOWN_TOPIC_OR_PARTITION')) return { state: 'missing' };
      return { state: 'unreadable', problem: topicProblemFor(name, error, 'reading configs of topic') };
    }
  }

  private async create(session: Session, desired: DesiredTopic): Promise<TopicOutcome> {
    let createdNow: boolean;
    try {
      createdNow = await session.call(`creating topic ${desired.name}`, (admin) =>
        admin.createTopics({
          topics: [
            {
              topic: desired.name,
              numPartitions: desired.partitions,
              ...(desired.replicationFactor === undefined
                ? {}
                : { replicationFactor: desired.replicationFactor }),
              configEntries: Object.entries(desired.configs).map(([name, value]) => ({ name, value })),
            },
          ],
          // Leaders are awaited below, so a slow election is reported rather than thrown.
          waitForLeaders: false,
          timeout: AdminTimeouts.serverOperationMs,
        }),
      );
    } catch (error) {
      return { problems: [topicProblemFor(desired.name, error, 'creating topic')] };
    }
    if (!createdNow) {
      // Created by someone else since the listing: adopted on the next pass, like any existing topic.
      return {
        problems: [
          {
            topic: desired.name,
            code: 'TopicsCreating',
            message: `topic ${desired.name} appeared while the operator was creating it; it is adopted on the next pass`,
          },
        ],
      };
    }
    const status: TopicStatus = { name: desired.name, partitions: desired.partitions, created: true };
    if (await this.leadersElected(session, desired)) return { status, problems: [] };
    return {
      status,
      problems: [
        {
          topic: desired.name,
          code: 'TopicsCreating',
          message: `topic ${desired.name} was created; its partitions have no leader yet`,
        },
      ],
    };
  }

  /** Whether every partition of a just-created topic has a leader within a short, bounded wait. */
  private async leadersElected(session: Session, desired: DesiredTopic): Promise<boolean> {
    const deadline = Date.now() + AdminTimeouts.leaderWaitMs;
    for (;;) {
      try {
        const metadata = await session.call(`reading topic ${desired.name}`, (admin) =>
          admin.fetchTopicMetadata({ topics: [desired.name] }),
        );
        const partitions = metadata.topics.find((t) => t.name === desired.name)?.partitions ?? [];
        if (partitions.length >= desired.partitions && partitions.every((p) => p.leader >= 0)) return true;
      } catch (error) {
        if (breaksClient(error)) return false;
      }
      if (Date.now() >= deadline) return false;
      await sleep(100);
    }
  }

  private async update(
    session: Session,
    desired: DesiredTopic,
    observed: ObservedTopic,
    createdBefore: boolean,
  ): Promise<TopicOutcome> {
    const plan = planTopicUpdate(desired, observed);
    const status: TopicStatus = {
      name: desired.name,
      partitions: observed.partitions,
      created: createdBefore,
    };
    if (plan.kind === 'leaveAlone') {
      return {
        status,
        problems: plan.reasons.map((message) => ({ topic: desired.name, code: 'NotSupported', message })),
      };
    }

    const problems: TopicProblem[] = [];
    let partitions = observed.partitions;
    const { growTo, alter } = plan;
    if (growTo !== undefined) {
      try {
        await session.call(`adding partitions to topic ${desired.name}`, (admin) =>
          admin.createPartitions({
            topicPartitions: [{ topic: desired.name, count: growTo }],
            timeout: AdminTimeouts.serverOperationMs,
          }),
        );
        partitions = growTo;
      } catch (error) {
        problems.push(topicProblemFor(desired.name, error, `adding partitions (to ${growTo}) to topic`));
      }
    }
    if (alter !== undefined) {
      try {
        await session.call(`altering configs of topic ${desired.name}`, (admin) =>
          admin.alterConfigs({
            validateOnly: false,
            resources: [
              {
                type: ConfigResourceType.Topic,
                name: desired.name,
                configEntries: Object.entries(alter.entries).map(([name, value]) => ({ name, value })),
              },
            ],
          }),
        );
      } catch (error) {
        problems.push(topicProblemFor(desired.name, error, `setting ${alter.changed.join(', ')} on topic`));
      }
    }
    return { status: { ...status, partitions }, problems };
  }
}

function observedTopic(topic: ITopicMetadata, entries: readonly ConfigEntry[]): ObservedTopic {
  const configs = new Map<string, ObservedConfig>();
  for (const entry of entries) {
    // kafkajs types the value as a string; Kafka sends null for a sensitive config.
    const value: unknown = entry.configValue;
    configs.set(entry.configName, {
      value: typeof value === 'string' ? value : null,
      topicLevel: entry.configSource === ConfigValueSource.TopicConfig,
    });
  }
  return {
    name: topic.name,
    partitions: topic.partitions.length,
    replicaCounts: topic.partitions.map((p) => p.replicas.length),
    configs,
  };
}
