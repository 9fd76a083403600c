import { KubeConfig, KubernetesObjectApi, Watch } from '@kubernetes/client-node';

// When each ChatGateway was first seen reconciled, timed in this process as the watch event
// arrives. "Reconciled", not "Ready": Ready needs running pods, and this control plane has no
// kubelet; reconciled means the operator saw this generation (observedGeneration), its topics
// exist (TopicsReady True) and every owned object was applied (no ApplyFailed condition).

interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
}

interface ChatGatewayEvent {
  readonly metadata?: { readonly name?: string; readonly generation?: number };
  readonly status?: { readonly observedGeneration?: number; readonly conditions?: readonly Condition[] };
}

export function isReconciled(object: ChatGatewayEvent): boolean {
  const conditions = object.status?.conditions ?? [];
  return (
    object.metadata?.generation !== undefined &&
    object.status?.observedGeneration === object.metadata.generation &&
    conditions.some((c) => c.type === 'TopicsReady' && c.status === 'True') &&
    !conditions.some((c) => c.reason === 'ApplyFailed')
  );
}

export class ReconcileWatch {
  private readonly reconciledAt = new Map<string, number>();
  /** The latest state of each, for saying why one is late. */
  private readonly lastSeen = new Map<string, ChatGatewayEvent>();
  private readonly waiters: { names: readonly string[]; resolve: () => void }[] = [];
  private abort: AbortController | undefined;
  private stopped = false;
  private lastError: string | undefined;
  private readonly objects: KubernetesObjectApi;

  private constructor(
    private readonly config: KubeConfig,
    private readonly path: string,
  ) {
    this.objects = KubernetesObjectApi.makeApiClient(config);
  }

  /** Starts watching the namespace's ChatGateways; resolves once the first watch is open. */
  static async start(kubeconfig: string, namespace: string): Promise<ReconcileWatch> {
    const config = new KubeConfig();
    config.loadFromFile(kubeconfig);
    const watch = new ReconcileWatch(config, `/apis/cmf.io/v1alpha1/namespaces/${namespace}/chatgateways`);
    await watch.open();
    return watch;
  }

  /**
   * Lists, then watches from the list's resourceVersion; when the server or the connection ends
   * the watch, does it again, so no state a ChatGateway passes through is missed for long.
   */
  private async open(): Promise<void> {
    const list = (await this.objects.list('cmf.io/v1alpha1', 'ChatGateway', this.namespace())) as {
      items: ChatGatewayEvent[];
      metadata?: { resourceVersion?: string };
    };
    for (const item of list.items) this.observe(item);
    this.abort = await new Watch(this.config).watch(
      this.path,
      { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
      (_phase, object: ChatGatewayEvent) => {
        this.observe(object);
      },
      () => {
        if (this.stopped) return;
        setTimeout(() => {
          this.open().catch((err: unknown) => {
            this.lastError = err instanceof Error ? err.message : JSON.stringify(err);
          });
        }, 500);
      },
    );
  }

  private namespace(): string {
    return this.path.split('/')[5] ?? '';
  }

  private observe(object: ChatGatewayEvent): void {
    const name = object.metadata?.name;
    if (name !== undefined) this.lastSeen.set(name, object);
    if (name === undefined || this.reconciledAt.has(name) || !isReconciled(object)) return;
    this.reconciledAt.set(name, performance.now());
    for (const waiter of [...this.waiters]) {
      if (waiter.names.every((n) => this.reconciledAt.has(n))) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  /** performance.now() when `name` was first seen reconciled. */
  at(name: string): number | undefined {
    return this.reconciledAt.get(name);
  }

  /** Resolves when every name has been seen reconciled; rejects after `timeoutMs`. */
  async all(names: readonly string[], timeoutMs: number): Promise<void> {
    if (names.every((n) => this.reconciledAt.has(n))) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        this.waiters.push({ names, resolve });
        timer = setTimeout(() => {
          const missing = names.filter((n) => !this.reconciledAt.has(n));
          const last = this.lastError === undefined ? '' : ` (last watch error: ${this.lastError})`;
          reject(
            new Error(
              `${missing.length} ChatGateways not reconciled within ${timeoutMs} ms, e.g. ${missing[0] ?? ''}: ` +
                `${JSON.stringify(this.lastSeen.get(missing[0] ?? '')?.status ?? 'never seen')}${last}`,
            ),
          );
        }, timeoutMs);
      });
    } finally {
      clearTimeout(timer);
    }
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }
}
