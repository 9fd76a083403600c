import { randomBytes } from 'node:crypto';
import {
  ConditionReason,
  DeletionPolicy,
  type ChatGateway,
  type ChatGatewayStatus,
  type TopicStatus,
} from '../api/v1alpha1/index.js';
import { ReconcileResult, type Reconciler } from '../controller/controller.js';
import {
  CoreResources,
  EventType,
  isNotFound,
  objectPath,
  splitKey,
  type EventRecorder,
  type KubeApi,
  type KubeObject,
} from '../kube/index.js';
import type { Logger } from '../log/index.js';
import type { OperatorDefaults, RenderedObject } from '../render/render-input.js';
import { deploymentState, gatewayStatus, statusEqual, statusEvents, type Problem } from '../status/index.js';
import type { TopicReconciler } from '../topics/topic-reconciler.js';
import { ChatGatewayType } from './chat-gateway-type.js';
import { addFinalizer, hasFinalizer, removeFinalizer } from './finalizer.js';
import type { GatewayRendering } from './gateway-rendering.js';
import { kafkaConnection, type KafkaDefaults } from './kafka-connection.js';
import { FIELD_MANAGER, OwnedObjects } from './owned-objects.js';
import { problemOf, reconcileOutcome, topicsProblemOf } from './reconcile-outcome.js';

export interface ChatGatewayReconcilerDeps {
  readonly api: KubeApi;
  readonly rendering: GatewayRendering;
  readonly topics: TopicReconciler;
  readonly events: EventRecorder;
  readonly defaults: OperatorDefaults;
  readonly kafka: KafkaDefaults;
  readonly log: Logger;
  readonly now?: () => Date;
  /** A fresh sidecar bearer token; random unless a test fixes it. */
  readonly newToken?: () => string;
}

function asObject(gateway: ChatGateway): KubeObject {
  return gateway as unknown as KubeObject;
}

/** `a=b,c=d` from the rendered Deployment's selector, as the scale subresource wants it. */
function selectorOf(deployment: RenderedObject | undefined): string | undefined {
  const spec = deployment?.['spec'] as { selector?: { matchLabels?: Record<string, string> } } | undefined;
  const labels = spec?.selector?.matchLabels;
  if (labels === undefined) return undefined;
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/**
 * Reconciles one ChatGateway, level-based: reads it, applies the rendered objects, ensures its
 * topics, reads the Deployment and writes the status only if it changed. Every step is safe to
 * repeat, so a crash or a lost leadership between two steps is repaired by the next reconcile.
 */
export class ChatGatewayReconciler implements Reconciler {
  private readonly owned: OwnedObjects;
  private readonly topicCounts = new Map<string, number>();
  private readonly now: () => Date;
  private readonly newToken: () => string;

  constructor(private readonly deps: ChatGatewayReconcilerDeps) {
    this.owned = new OwnedObjects(deps.api, deps.rendering.ownedKinds);
    this.now = deps.now ?? (() => new Date());
    this.newToken = deps.newToken ?? (() => randomBytes(32).toString('base64url'));
  }

  /** Topics across the ChatGateways reconciled, for the topics-managed gauge. */
  topicsManaged(): number {
    let total = 0;
    for (const count of this.topicCounts.values()) total += count;
    return total;
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const { namespace, name } = splitKey(key);
    let gateway: ChatGateway;
    try {
      gateway = (await this.deps.api.get(
        objectPath(ChatGatewayType, namespace, name),
      )) as unknown as ChatGateway;
    } catch (err) {
      if (!isNotFound(err)) throw err;
      // Gone: its owned objects are garbage-collected through their ownerReferences.
      this.topicCounts.delete(key);
      return ReconcileResult.done;
    }
    if (gateway.metadata.deletionTimestamp !== undefined) return this.finalize(key, gateway);
    if (!hasFinalizer(gateway)) gateway = await addFinalizer(this.deps.api, gateway);
    return this.converge(key, gateway);
  }

  private async converge(key: string, gateway: ChatGateway): Promise<ReconcileResult> {
    const log = this.deps.log.child({ chatGateway: key });
    let rendered: RenderedObject[] = [];
    let applyProblem: Problem | undefined;
    try {
      rendered = this.deps.rendering.renderOwnedObjects({ gateway, defaults: this.deps.defaults });
    } catch (err) {
      applyProblem = { reason: ConditionReason.InvalidSpec, message: (err as Error).message };
    }
    if (applyProblem === undefined) applyProblem = await this.applyObjects(gateway, rendered, log);

    const { topics, topicsProblem } = await this.ensureTopics(gateway, log);
    this.topicCounts.set(key, topics.length);

    const deploymentObject = rendered.find((o) => o.kind === CoreResources.deployment.kind);
    let deployment: KubeObject | undefined;
    if (deploymentObject !== undefined) {
      try {
        deployment = await this.deps.api.get(
          objectPath(
            CoreResources.deployment,
            deploymentObject.metadata.namespace,
            deploymentObject.metadata.name,
          ),
        );
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }

    const previous = gateway.status;
    const status = gatewayStatus({
      generation: gateway.metadata.generation ?? 0,
      previous,
      applyProblem,
      topicsProblem,
      topics,
      deployment: deployment === undefined ? undefined : deploymentState(deployment),
      selector: selectorOf(deploymentObject),
      endpoint:
        applyProblem === undefined ? this.deps.rendering.gatewayEndpoint(gateway) : previous?.endpoint,
      now: this.now(),
    });
    if (!statusEqual(previous, status)) {
      await this.writeStatus(gateway, status);
      if (applyProblem === undefined && previous?.observedGeneration === undefined) {
        await this.event(gateway, EventType.Normal, 'Created', 'Apply', `applied ${rendered.length} objects`);
      }
      for (const event of statusEvents(previous, status))
        await this.deps.events.record(asObject(gateway), event);
    }
    return reconcileOutcome([applyProblem, topicsProblem]);
  }

  /** Applies, creates the sidecar token once, prunes; a refusal becomes a Problem, anything else throws. */
  private async applyObjects(
    gateway: ChatGateway,
    rendered: readonly RenderedObject[],
    log: Logger,
  ): Promise<Problem | undefined> {
    try {
      const secret = this.deps.rendering.renderSidecarTokenSecret(gateway, this.newToken());
      if (await this.owned.createIfAbsent(secret))
        log.info('created the sidecar token Secret', { secret: secret.metadata.name });
      await this.owned.apply(rendered);
      const deleted = await this.owned.prune(gateway, [...rendered, secret]);
      if (deleted.length > 0) log.info('deleted objects no longer rendered', { deleted });
      return undefined;
    } catch (err) {
      const problem = problemOf(err);
      if (problem === undefined) throw err;
      log.warn('apply failed', { reason: problem.reason, message: problem.message });
      if (gateway.status?.conditions?.find((c) => c.type === 'Ready')?.reason !== problem.reason) {
        await this.event(gateway, EventType.Warning, problem.reason, 'Apply', problem.message);
      }
      return problem;
    }
  }

  private async ensureTopics(
    gateway: ChatGateway,
    log: Logger,
  ): Promise<{ topics: readonly TopicStatus[]; topicsProblem: Problem | undefined }> {
    const previous = gateway.status?.topics ?? [];
    const created = new Set(previous.filter((t) => t.created).map((t) => t.name));
    try {
      // The spec first: an invalid one is reported as such without asking Kafka anything.
      const desired = this.deps.rendering.desiredTopics(gateway);
      const connection = await kafkaConnection(this.deps.api, gateway, this.deps.kafka);
      const result = await this.deps.topics.ensure(connection, desired, created);
      return { topics: result.topics, topicsProblem: topicsProblemOf(result.problems) };
    } catch (err) {
      const problem = problemOf(err) ?? {
        reason: ConditionReason.KafkaUnreachable,
        message: err instanceof Error ? err.message : String(err),
      };
      log.warn('topics not ensured', { reason: problem.reason, message: problem.message });
      // Kafka could not be asked (or the spec names no valid topics): keep what was known, so
      // created: true is never forgotten.
      return { topics: previous, topicsProblem: problem };
    }
  }

  private async finalize(key: string, gateway: ChatGateway): Promise<ReconcileResult> {
    if (!hasFinalizer(gateway)) return ReconcileResult.done;
    const created = (gateway.status?.topics ?? []).filter((t) => t.created).map((t) => t.name);
    if (gateway.spec.kafka.deletionPolicy === DeletionPolicy.Delete && created.length > 0) {
      try {
        const connection = await kafkaConnection(this.deps.api, gateway, this.deps.kafka);
        await this.deps.topics.deleteTopics(connection, created);
        await this.event(
          gateway,
          EventType.Normal,
          'TopicsDeleted',
          'Finalize',
          `deleted Kafka topics ${created.join(', ')}`,
        );
      } catch (err) {
        const problem = problemOf(err);
        if (problem === undefined) throw err;
        await this.event(
          gateway,
          EventType.Warning,
          problem.reason,
          'Finalize',
          `topics not deleted yet: ${problem.message}`,
        );
        return ReconcileResult.backoff(`${ConditionReason.Deleting}: ${problem.message}`);
      }
    }
    await removeFinalizer(this.deps.api, gateway);
    this.topicCounts.delete(key);
    return ReconcileResult.done;
  }

  /** Server-side apply on the status subresource: only the fields written here are owned. */
  private async writeStatus(gateway: ChatGateway, status: ChatGatewayStatus): Promise<void> {
    const { namespace = '', name = '' } = gateway.metadata;
    await this.deps.api.apply(
      `${objectPath(ChatGatewayType, namespace, name)}/status`,
      { apiVersion: gateway.apiVersion, kind: gateway.kind, metadata: { name, namespace }, status },
      FIELD_MANAGER,
    );
  }

  private event(
    gateway: ChatGateway,
    type: EventType,
    reason: string,
    action: string,
    note: string,
  ): Promise<void> {
    return this.deps.events.record(asObject(gateway), { type, reason, action, note });
  }
}
