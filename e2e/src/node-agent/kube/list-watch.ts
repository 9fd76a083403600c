import type { KubeApi, WatchEvent } from './kube-api.js';

export interface ListedObject {
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly resourceVersion?: string;
  };
}

interface ObjectList<T> {
  readonly metadata: { readonly resourceVersion: string };
  readonly items: T[];
}

export interface ListWatchHandler<T> {
  /** The full current set, after every (re)list: the handler reconciles against it (level-based). */
  sync(items: readonly T[]): void;
  /** One change between lists. */
  event(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: T): void;
  /** Listing or watching failed; the loop keeps going. */
  error?(err: unknown): void;
}

export interface ListWatchOptions {
  /** The collection path with its selectors, e.g. /api/v1/pods?fieldSelector=spec.nodeName%3Dn1 */
  readonly path: string;
  /** A full re-list this often, so a missed event cannot leave state wrong for long. */
  readonly resyncMs: number;
  /** Pause before re-listing after an error. */
  readonly retryMs: number;
}

/**
 * List, then watch from the list's resourceVersion; on any error, an expired resourceVersion, the
 * server closing the stream, or the resync period, list again. Runs until stopped.
 */
export class ListWatch<T extends ListedObject> {
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly api: KubeApi,
    private readonly options: ListWatchOptions,
    private readonly handler: ListWatchHandler<T>,
  ) {}

  /** Resolves after the first successful list has been delivered (or the first failure reported). */
  start(): Promise<void> {
    let firstDone: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (firstDone = resolve));
    this.loop = this.run(firstDone);
    return first;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  /** A method, not a field read, so checks after an await are not narrowed away. */
  private stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(firstDone: () => void): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        const list = await this.api.request<ObjectList<T>>('GET', this.options.path);
        this.handler.sync(list.items);
        firstDone();
        await this.watchUntilResync(list.metadata.resourceVersion);
      } catch (err) {
        firstDone();
        if (this.stopped()) return;
        this.handler.error?.(err);
        await sleep(this.options.retryMs, signal);
      }
    }
  }

  private async watchUntilResync(resourceVersion: string): Promise<void> {
    const signal = this.abort.signal;
    const deadline = Date.now() + this.options.resyncMs;
    let rv = resourceVersion;
    while (!signal.aborted && Date.now() < deadline) {
      const seconds = Math.max(1, Math.ceil((deadline - Date.now()) / 1000));
      const separator = this.options.path.includes('?') ? '&' : '?';
      const path = `${this.options.path}${separator}watch=1&allowWatchBookmarks=true&timeoutSeconds=${seconds}&resourceVersion=${encodeURIComponent(rv)}`;
      const outcome = { expired: false };
      await this.api.watch<T>(
        path,
        (event: WatchEvent<T>) => {
          if (event.type === 'ERROR') {
            outcome.expired = true; // 410 Gone and friends: only a new list can continue
            return;
          }
          const version = event.object.metadata.resourceVersion;
          if (version !== undefined) rv = version;
          if (event.type !== 'BOOKMARK') this.handler.event(event.type, event.object);
        },
        signal,
      );
      if (outcome.expired) return;
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
