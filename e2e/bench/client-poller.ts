import type { ClientSnapshot } from './client-stats.js';
import type { ChildChannel } from './ipc.js';
import type { LoadGeneratorApi } from './load-generator-api.js';
import { sleep } from './progress.js';

type LoadGenerator = ChildChannel<LoadGeneratorApi>;

/**
 * Keeps a recent count of deliveries received by the clients, for the producer's backlog bound.
 * One request at a time: a load generator busy receiving answers late, and requests must not pile.
 */
export class ClientPoller {
  private received = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private asking = false;

  constructor(
    private readonly loadgen: LoadGenerator,
    private readonly intervalMs = 50,
  ) {}

  get messages(): number {
    return this.received;
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.asking) return;
      this.asking = true;
      this.loadgen.call('snapshot', { resetLatency: false }).then(
        (s) => {
          this.received = s.messages;
          this.asking = false;
        },
        () => {
          this.asking = false;
        },
      );
    }, this.intervalMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }
}

/**
 * Waits until the clients have received `owed` deliveries in total, or until the count stops
 * moving for `stallMs` (frames lost to closed sockets never arrive). Returns the last snapshot.
 */
export async function waitForDeliveries(
  loadgen: LoadGenerator,
  owed: number,
  stallMs = 10_000,
): Promise<ClientSnapshot> {
  let last = await loadgen.call('snapshot', { resetLatency: false });
  let movedAt = Date.now();
  while (last.messages < owed && Date.now() - movedAt < stallMs) {
    await sleep(200);
    const now = await loadgen.call('snapshot', { resetLatency: false });
    if (now.messages !== last.messages) movedAt = Date.now();
    last = now;
  }
  return last;
}
