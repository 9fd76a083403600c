import WebSocket from 'ws';
import type { HandshakeClientApi, HandshakeRunReply, HandshakeRunRequest } from './handshake-api.js';
import { serveRequests } from './ipc.js';

// Runs in its own process so the clients' CPU is never charged to the servers being measured.
// Each handshake: upgrade with a Bearer token, wait for the `welcome` frame, close.

function handshake(url: string, token: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, ['cmf.v1.json'], {
      headers: { authorization: `Bearer ${token}` },
      perMessageDeflate: false,
    });
    socket.once('message', () => {
      const ms = performance.now() - started;
      socket.close(1000);
      resolve(ms);
    });
    socket.once('unexpected-response', (_req, res) => {
      reject(new Error(`HTTP ${String(res.statusCode)}`));
      socket.terminate();
    });
    socket.once('error', (err) => {
      reject(err);
    });
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

async function run(request: HandshakeRunRequest): Promise<HandshakeRunReply> {
  const latencies: number[] = [];
  const errors = new Set<string>();
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < request.handshakes) {
      const i = next++;
      try {
        latencies.push(await handshake(request.url, request.tokens[i % request.tokens.length] ?? ''));
      } catch (err) {
        failed++;
        if (errors.size < 5) errors.add(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: request.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    completed: latencies.length,
    failed,
    errors: [...errors],
    seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

serveRequests<HandshakeClientApi>({ run });
