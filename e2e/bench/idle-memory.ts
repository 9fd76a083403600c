import type { BenchOptions } from './bench-options.js';
import type { IdleMemory } from './figures.js';
import { liveMemory } from './inspector-probe.js';
import type { ChildChannel } from './ipc.js';
import type { LoadGeneratorApi } from './load-generator-api.js';
import { residentBytes } from './proc-stats.js';
import { progress, sleep } from './progress.js';

/** Long enough for the server's allocations after the connect storm to settle. */
const SETTLE_MS = 3000;
/** Handshakes in flight: quick, and far below the listen backlog (somaxconn). */
const CONNECT_CONCURRENCY = 200;

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** The server process under test: its pid, and the loopback port of its inspector. */
export interface ServerUnderTest {
  readonly pid: number;
  readonly inspectPort: number;
}

/**
 * Opens every client socket (subscribed, then silent) and measures how much the server process'
 * memory grew: RSS as is (what a pod's memory limit counts) and after a forced full GC (what the
 * connections keep). Throws when not every socket could subscribe, with the reasons, since every
 * later figure assumes they all did.
 */
export async function connectAndMeasureIdle(
  loadgen: ChildChannel<LoadGeneratorApi>,
  server: ServerUnderTest,
  url: string,
  secret: string,
  options: BenchOptions,
): Promise<IdleMemory> {
  await sleep(SETTLE_MS);
  const rssBeforeBytes = await residentBytes(server.pid);
  const liveBefore = await liveMemory(server.inspectPort);
  progress(`server RSS before connecting: ${mib(rssBeforeBytes)} (${mib(liveBefore.rss)} after a full GC)`);
  progress(`opening ${options.sockets} sockets over ${options.rooms} rooms`);
  const reply = await loadgen.call('connect', {
    url,
    sockets: options.sockets,
    rooms: options.rooms,
    secret,
    concurrency: CONNECT_CONCURRENCY,
  });
  if (reply.failed > 0) {
    throw new Error(
      `${reply.failed} of ${options.sockets} sockets failed to subscribe (${reply.connected} did); first reasons:\n  ` +
        reply.errors.join('\n  '),
    );
  }
  const connectSeconds = reply.ms / 1000;
  progress(`${reply.connected} sockets subscribed in ${connectSeconds.toFixed(1)} s; idling`);
  await sleep(SETTLE_MS);
  const rssIdleBytes = await residentBytes(server.pid);
  const liveIdle = await liveMemory(server.inspectPort);
  const per = (after: number, before: number): number => (after - before) / options.sockets;
  const idle: IdleMemory = {
    rssBeforeBytes,
    rssIdleBytes,
    bytesPerConnection: per(rssIdleBytes, rssBeforeBytes),
    liveBefore,
    liveIdle,
    liveBytesPerConnection: per(liveIdle.rss, liveBefore.rss),
    heapBytesPerConnection: per(liveIdle.heapUsed, liveBefore.heapUsed),
    connectSeconds,
  };
  progress(
    `server RSS idle: ${mib(rssIdleBytes)}, ${kib(idle.bytesPerConnection)} per connection; after a full GC ` +
      `${mib(liveIdle.rss)}, ${kib(idle.liveBytesPerConnection)} per connection (JS heap ${kib(idle.heapBytesPerConnection)})`,
  );
  return idle;
}
