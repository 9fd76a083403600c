import {
  KafkaAdminError,
  type DesiredTopic,
  type EnsureTopicsResult,
  type KafkaConnection,
  type TopicReconciler,
} from '../../src/topics/topic-reconciler.js';

/** Topics kept in memory, with a switch that makes the "cluster" unreachable. */
export class InMemoryTopics implements TopicReconciler {
  readonly topics = new Map<string, number>();
  readonly deleted: string[] = [];
  reachable = true;
  lastConnection: KafkaConnection | undefined;

  ensure(
    connection: KafkaConnection,
    desired: readonly DesiredTopic[],
    created: ReadonlySet<string>,
  ): Promise<EnsureTopicsResult> {
    this.lastConnection = connection;
    if (!this.reachable) {
      return Promise.reject(
        new KafkaAdminError('KafkaUnreachable', `no broker answered at ${connection.brokers.join(',')}`),
      );
    }
    const topics = desired.map((topic) => {
      const existed = this.topics.has(topic.name);
      this.topics.set(topic.name, Math.max(topic.partitions, this.topics.get(topic.name) ?? 0));
      return {
        name: topic.name,
        partitions: this.topics.get(topic.name) ?? 0,
        created: !existed || created.has(topic.name),
      };
    });
    return Promise.resolve({ topics, problems: [] });
  }

  deleteTopics(_connection: KafkaConnection, names: readonly string[]): Promise<void> {
    if (!this.reachable) return Promise.reject(new KafkaAdminError('KafkaUnreachable', 'down'));
    for (const name of names) {
      this.topics.delete(name);
      this.deleted.push(name);
    }
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
