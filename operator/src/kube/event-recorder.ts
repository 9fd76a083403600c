import { randomBytes } from 'node:crypto';
import type { Logger } from '../log/index.js';
import type { KubeApi, KubeObject } from './kube-object.js';
import { collectionPath, CoreResources } from './resource-type.js';

export const EventType = { Normal: 'Normal', Warning: 'Warning' } as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

export interface RecordedEvent {
  readonly type: EventType;
  /** CamelCase and stable, like a condition reason: Created, TopicsCreated, ReadyChanged, ApplyFailed. */
  readonly reason: string;
  /** What the operator did: Reconcile, Apply, EnsureTopics, Finalize. */
  readonly action: string;
  readonly note: string;
}

export interface EventRecorder {
  record(regarding: KubeObject, event: RecordedEvent): Promise<void>;
}

/** events.k8s.io/v1 wants microsecond precision (MicroTime); JavaScript has milliseconds. */
function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Writes events.k8s.io/v1 Events about an object. An Event is a courtesy to whoever runs
 * `kubectl describe`: failing to write one is logged and never fails a reconcile.
 */
export class KubeEventRecorder implements EventRecorder {
  constructor(
    private readonly api: KubeApi,
    private readonly reportingInstance: string,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(regarding: KubeObject, event: RecordedEvent): Promise<void> {
    const { name = '', namespace = '', uid, resourceVersion } = regarding.metadata;
    const body = {
      apiVersion: CoreResources.event.apiVersion,
      kind: CoreResources.event.kind,
      // As client-go names them: the object, a dot, something unique (generateName may not end in a dot).
      metadata: { name: `${name}.${randomBytes(8).toString('hex')}`, namespace },
      eventTime: microTime(this.now()),
      reportingController: 'cmf.io/cmf-operator',
      reportingInstance: this.reportingInstance,
      action: event.action,
      reason: event.reason,
      type: event.type,
      // The API server caps a note at 1 KiB.
      note: event.note.slice(0, 1024),
      regarding: {
        apiVersion: regarding.apiVersion,
        kind: regarding.kind,
        name,
        namespace,
        uid,
        resourceVersion,
      },
    };
    try {
      await this.api.create(collectionPath(CoreResources.event, namespace), body);
    } catch (err) {
      this.log.warn('could not record an event', {
        regarding: `${namespace}/${name}`,
        reason: event.reason,
        err,
      });
    }
  }
}
