import type { OperatorMetrics, WatchRestartCause } from '../admin/index.js';
import {
  KubeApiError,
  WatchEventType,
  type KubeApi,
  type KubeObject,
  type WatchEvent,
} from '../kube/index.js';
import type { Logger } from '../log/index.js';
import { Backoff } from './backoff.js';
import { sleep, type Clock } from './clock.js';
import { objectIdentity } from './object-identity.js';

export const ChangeType = { Upsert: 'upsert', Delete: 'delete' } as const;
export type ChangeType = (typeof ChangeType)[keyof typeof ChangeType];

export interface ReflectorOptions {
  readonly api: KubeApi;
  /** Collection path (resource-type.ts): one namespace or all of them. */
  readonly path: string;
  /** For logs and metrics, e.g. `Deployment`. */
  readonly kind: string;
  readonly labelSelector?: string;
  /**
   * Called for every object seen or gone; may be called again for an unchanged object. A relist
   * passes objectIdentity(object), for the objects it lists as for those it finds gone (a missed
   * DELETE): a relist of thousands of objects then never holds them all whole at once. A watch
   * event passes the object as received.
   */
  readonly onChange: (object: KubeObject, change: ChangeType) => void;
  readonly clock: Clock;
  readonly log: Logger;
  readonly metrics: OperatorMetrics;
  /** Server-side watch timeout, randomised per watch so watches do not all restart together. */
  readonly watchTimeoutSeconds?: () => number;
}

const LIST_PAGE = 500;

function uidOf(object: KubeObject): string {
  return object.metadata.uid ?? `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

/** Ends a watch from inside its event callback, carrying why. */
class WatchEnded extends Error {
  constructor(readonly restartCause: WatchRestartCause) {
    super(`watch ended: ${restartCause}`);
  }
}

/**
 * List-then-watch for one collection, restarted on every kind of end: a server timeout resumes
 * from the last resourceVersion; 410 Gone, an ERROR event or a broken connection relists after a
 * backoff. A relist reports objects that vanished while nobody watched as deletions, since the
 * reflector keeps the identity (objectIdentity) of every object it has seen, not the object: the
 * reconciler reads what it needs fresh, so a cache of whole objects would only cost memory.
 * Written here rather than client-node's informer so that every end is handled the same way and
 * counted.
 */
export class Reflector {
  private readonly abort = new AbortController();
  /** uid → objectIdentity of the object last seen. */
  private readonly known = new Map<string, KubeObject>();
  private readonly backoff = new Backoff();
  private running: Promise<void> | undefined;
  private synced = false;

  constructor(private readonly options: ReflectorOptions) {}

  /** True once the first list has been delivered. */
  get hasSynced(): boolean {
    return this.synced;
  }

  private isStopped(): boolean {
    return this.abort.signal.aborted;
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    const { log, kind, clock, metrics } = this.options;
    const signal = this.abort.signal;
    while (!this.isStopped()) {
      try {
        let resourceVersion = await this.relist();
        this.synced = true;
        this.backoff.reset();
        // Watch until something forces a relist; a clean server-side timeout just resumes.
        for (;;) {
          resourceVersion = await this.watchFrom(resourceVersion);
          if (this.isStopped()) return;
          metrics.watchRestarted(kind, 'timeout');
          log.debug('watch closed by the server; resuming', { kind, resourceVersion });
        }
      } catch (err) {
        if (this.isStopped()) return;
        const cause: WatchRestartCause =
          err instanceof WatchEnded
            ? err.restartCause
            : err instanceof KubeApiError && err.status === 410
              ? 'expired'
              : 'error';
        metrics.watchRestarted(kind, cause);
        const delay = this.backoff.next();
        const level = cause === 'expired' ? 'debug' : 'warn';
        log[level]('watch ended; relisting', { kind, cause, delayMs: delay, err });
        await sleep(clock, delay, signal);
      }
    }
  }

  private query(): Record<string, string | number> {
    return this.options.labelSelector === undefined ? {} : { labelSelector: this.options.labelSelector };
  }

  /** Lists every page, reports changes and vanished objects, returns the list's resourceVersion. */
  private async relist(): Promise<string> {
    const seen = new Map<string, KubeObject>();
    let resourceVersion = '';
    let next: string | undefined;
    do {
      const page = await this.options.api.list(this.options.path, {
        ...this.query(),
        limit: LIST_PAGE,
        ...(next === undefined ? {} : { continue: next }),
      });
      for (const item of page.items) seen.set(uidOf(item), objectIdentity(item));
      resourceVersion = page.metadata.resourceVersion ?? resourceVersion;
      next = page.metadata.continue === '' ? undefined : page.metadata.continue;
    } while (next !== undefined);
    for (const [uid, object] of this.known) {
      if (!seen.has(uid)) {
        this.known.delete(uid);
        this.options.onChange(object, ChangeType.Delete);
      }
    }
    for (const [uid, object] of seen) {
      const before = this.known.get(uid);
      this.known.set(uid, object);
      if (before?.metadata.resourceVersion !== object.metadata.resourceVersion) {
        this.options.onChange(object, ChangeType.Upsert);
      }
    }
    return resourceVersion;
  }

  /** One watch; returns the newest resourceVersion when the server ends it cleanly. */
  private async watchFrom(resourceVersion: string): Promise<string> {
    let latest = resourceVersion;
    let ended: WatchEnded | undefined;
    const local = new AbortController();
    const stopLocal = (): void => {
      local.abort();
    };
    this.abort.signal.addEventListener('abort', stopLocal, { once: true });
    const timeoutSeconds = this.options.watchTimeoutSeconds?.() ?? 300 + Math.floor(Math.random() * 300);
    const onEvent = (event: WatchEvent): void => {
      if (ended !== undefined) return;
      if (event.type === WatchEventType.Error) {
        ended = new WatchEnded(event.object.code === 410 ? 'expired' : 'error');
        local.abort();
        return;
      }
      const version = event.object.metadata.resourceVersion;
      if (version !== undefined) latest = version;
      if (event.type === WatchEventType.Bookmark) return;
      const uid = uidOf(event.object);
      if (event.type === WatchEventType.Deleted) {
        this.known.delete(uid);
        this.options.onChange(event.object, ChangeType.Delete);
      } else {
        this.known.set(uid, objectIdentity(event.object));
        this.options.onChange(event.object, ChangeType.Upsert);
      }
    };
    try {
      await this.options.api.watch(
        this.options.path,
        { ...this.query(), resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
        onEvent,
        local.signal,
      );
    } finally {
      this.abort.signal.removeEventListener('abort', stopLocal);
    }
    if (ended !== undefined) throw ended;
    return latest;
  }
}
