/** The part of a kafkajs Admin the lag reader uses. */
export interface EndOffsetsAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  fetchTopicOffsets(topic: string): Promise<readonly { partition: number; high: string }[]>;
}

/** How long one scrape waits for the broker before it reports no lag series. */
const FETCH_TIMEOUT_MS = 3000;

/**
 * Consumer lag per partition for /metrics: the partition's end offset (read from the broker at
 * scrape time, with its own admin connection, so the fetch loop is never touched) minus the
 * replica's next offset. Concurrent scrapes share one request; a broker that does not answer in
 * time leaves the lag series out of that scrape rather than holding it.
 */
export class ConsumerLag {
  private connected: Promise<void> | undefined;
  private inFlight: Promise<ReadonlyMap<number, number>> | undefined;

  constructor(
    private readonly admin: EndOffsetsAdmin,
    private readonly topic: string,
    /** Last offset handled per partition (the messages consumer's positions). */
    private readonly positions: () => ReadonlyMap<number, bigint>,
    private readonly timeoutMs = FETCH_TIMEOUT_MS,
  ) {}

  read(): Promise<ReadonlyMap<number, number>> {
    this.inFlight ??= this.fetch().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  async stop(): Promise<void> {
    if (this.connected === undefined) return;
    await this.admin.disconnect().catch(() => undefined);
  }

  private async fetch(): Promise<ReadonlyMap<number, number>> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        resolve(undefined);
      }, this.timeoutMs);
    });
    const ends = this.endOffsets().catch(() => undefined);
    const answer = await Promise.race([ends, timeout]);
    clearTimeout(timer);
    return answer === undefined ? new Map() : lagPerPartition(answer, this.positions());
  }

  private async endOffsets(): Promise<readonly { partition: number; high: string }[]> {
    this.connected ??= this.admin.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    await this.connected;
    return this.admin.fetchTopicOffsets(this.topic);
  }
}

/** Records after the last one handled, for the partitions the replica reads (none before it starts). */
export function lagPerPartition(
  ends: readonly { partition: number; high: string }[],
  positions: ReadonlyMap<number, bigint>,
): ReadonlyMap<number, number> {
  const lag = new Map<number, number>();
  for (const { partition, high } of ends) {
    const last = positions.get(partition);
    if (last === undefined) continue;
    const behind = BigInt(high) - (last + 1n);
    lag.set(partition, behind > 0n ? Number(behind) : 0);
  }
  return lag;
}
