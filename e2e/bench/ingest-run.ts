import type { GatewayProcess } from '@cmf/test-harness';
import type { ChatProducer } from './chat-producer.js';
import type { IngestFigures } from './figures.js';
import type { CpuWatch } from './proc-stats.js';
import { progress, sleep } from './progress.js';
import { sampleValue } from './prometheus-text.js';

/** Messages the producer may be ahead of the gateway's consumer: a few fetches' worth. */
const INGEST_BACKLOG = 20_000;
const POLL_MS = 100;
const INGEST_BATCH = 1000;

async function consumedSoFar(gateway: GatewayProcess): Promise<number> {
  return sampleValue(await gateway.metrics(), 'cmf_gateway_messages_consumed_total') ?? 0;
}

/**
 * Ingest alone: messages for rooms nobody is subscribed to, as fast as the gateway consumes them
 * (Kafka fetch, record validation, frame encoding, recovery history; no socket writes). Every
 * replica reads every partition, so each pays this for every message of the installation
 * whether or not it holds a subscriber of the room: it bounds the message rate one tier of
 * replicas can take, however many there are.
 */
export async function measureIngest(
  gateway: GatewayProcess,
  producer: ChatProducer,
  cpu: CpuWatch,
  warmupSeconds: number,
  seconds: number,
): Promise<IngestFigures> {
  progress(`ingest: messages for rooms without subscribers, as fast as the gateway consumes, ${seconds} s`);
  const start = await consumedSoFar(gateway);
  let consumed = 0;
  const stopPolling = new AbortController();
  const poll = (async () => {
    while (!stopPolling.signal.aborted) {
      consumed = (await consumedSoFar(gateway)) - start;
      await sleep(POLL_MS);
    }
  })();
  try {
    const producing = producer.saturate({
      seconds: warmupSeconds + seconds,
      ahead: () => producer.produced - consumed,
      limit: INGEST_BACKLOG,
      // Big requests: the producer shares the machine and must not be what limits the rate.
      batch: INGEST_BATCH,
    });
    producing.catch(() => undefined);
    await sleep(warmupSeconds * 1000);
    const first = { at: performance.now(), consumed: (await consumedSoFar(gateway)) - start };
    await cpu.begin();
    await producing;
    const last = { at: performance.now(), consumed: (await consumedSoFar(gateway)) - start };
    const cpuPercent = await cpu.end();
    const messagesPerSecond = (last.consumed - first.consumed) / ((last.at - first.at) / 1000);
    const gatewayCores = (cpuPercent['gateway'] ?? 100) / 100;
    const figures = { messagesPerSecond, perGatewayCpuSecond: messagesPerSecond / gatewayCores, cpuPercent };
    progress(
      `ingest: ${Math.round(messagesPerSecond)} messages/s at ${cpuPercent['gateway'] ?? '?'}% of a core ` +
        `(${Math.round(figures.perGatewayCpuSecond)} per gateway CPU-second); CPU % ${JSON.stringify(cpuPercent)}`,
    );
    return figures;
  } finally {
    stopPolling.abort();
    await poll;
  }
}
