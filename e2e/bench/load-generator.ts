import { openSubscribedSocket } from './bench-client.js';
import type { RawWebSocket } from './raw-ws/raw-web-socket.js';
import { mintToken } from './bench-token.js';
import { ClientStats } from './client-stats.js';
import { serveRequests } from './ipc.js';
import type { ConnectReply, ConnectRequest, LoadGeneratorApi } from './load-generator-api.js';
import { RoomPlan } from './room-plan.js';

// The client sockets live in this process, forked by the benchmark, so that the CPU they spend
// receiving frames is not charged to the process under test (gateway or baseline).

const stats = new ClientStats();
const sockets: RawWebSocket[] = [];
/** A server busy with a backlog may not answer the close handshake soon: do not wait on it longer. */
const CLOSE_WAIT_MS = 3000;
const MAX_ERRORS = 5;
const PROGRESS_EVERY = 1000;

async function connect(request: ConnectRequest): Promise<ConnectReply> {
  const started = Date.now();
  const plan = new RoomPlan(request.sockets, request.rooms);
  const secret = new TextEncoder().encode(request.secret);
  const errors = new Set<string>();
  let next = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (next < request.sockets) {
      const index = next++;
      const room = plan.roomName(plan.roomOfSocket(index));
      try {
        const token = await mintToken(secret, `bench-user-${index}`, [room]);
        sockets.push(await openSubscribedSocket(request.url, token, room, stats));
        if (sockets.length % PROGRESS_EVERY === 0) {
          console.log(`  load generator: ${sockets.length}/${request.sockets} sockets subscribed`);
        }
      } catch (err) {
        failed++;
        if (errors.size < MAX_ERRORS) errors.add(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: request.concurrency }, worker));
  return { connected: sockets.length, failed, errors: [...errors], ms: Date.now() - started };
}

async function disconnect(): Promise<{ closed: number }> {
  const closing = sockets.splice(0).map(async (socket) => {
    const timer = setTimeout(() => {
      socket.terminate();
    }, CLOSE_WAIT_MS);
    await socket.close(1000, 'benchmark done');
    clearTimeout(timer);
  });
  await Promise.all(closing);
  return { closed: closing.length };
}

serveRequests<LoadGeneratorApi>({
  connect,
  snapshot: ({ resetLatency }) => stats.snapshot(resetLatency),
  disconnect,
});
