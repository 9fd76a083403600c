import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { AuthSidecarProcess, freePorts, GatewayProcess, KafkaBroker } from '@cmf/test-harness';
import type { BenchOptions } from './bench-options.js';
import { createGatewayTopics } from './bench-topics.js';
import type { CleanupStack } from './cleanup-stack.js';
import type { HandshakeClientApi, HandshakeRunReply, InProcessGatewayApi } from './handshake-api.js';
import { checkpoint, track } from './interrupt.js';
import { ChildChannel } from './ipc.js';
import { cpuSeconds } from './proc-stats.js';
import { progress } from './progress.js';

// Handshakes per second through the pod's real path (client -> gateway -> auth sidecar over
// loopback HTTP, ES256 tokens verified with jose in the sidecar) against the same gateway
// verifying in its own process, side by side in one run, rounds interleaved.

const PREFIX = 'hsbench';
const ISSUER = 'https://idp.bench.cmf.test';
const AUDIENCE = 'cmf';
const KID = 'bench-es256';
/** Distinct users, so nothing is cached per user and presence stays small. */
const DISTINCT_TOKENS = 500;

export interface HandshakeWindow {
  readonly handshakesPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failed: number;
  readonly errors: readonly string[];
  /** Server CPU seconds per 1000 handshakes (gateway, plus the sidecar on the sidecar path). */
  readonly cpuMsPerHandshake: number;
}

export interface HandshakeFigures {
  readonly sidecar: { readonly best: HandshakeWindow; readonly rounds: readonly number[] };
  readonly inProcess: { readonly best: HandshakeWindow; readonly rounds: readonly number[] };
  readonly handshakes: number;
  readonly concurrency: number;
}

interface AuthFiles {
  readonly dir: string;
  readonly issuersFile: string;
  readonly clientTokenFile: string;
  readonly privateKey: CryptoKey;
}

async function writeAuthFiles(): Promise<AuthFiles> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cmf-hsbench-'));
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const keyFile = path.join(dir, 'es256.pem');
  fs.writeFileSync(keyFile, await exportSPKI(publicKey));
  const issuersFile = path.join(dir, 'issuers.json');
  fs.writeFileSync(
    issuersFile,
    JSON.stringify([
      {
        issuer: ISSUER,
        audience: AUDIENCE,
        publicKeyFiles: [{ path: keyFile, kid: KID }],
        algorithms: ['ES256'],
      },
    ]),
  );
  const clientTokenFile = path.join(dir, 'client-token');
  fs.writeFileSync(clientTokenFile, `hsbench-${Math.random().toString(36).slice(2)}-client-token\n`);
  return { dir, issuersFile, clientTokenFile, privateKey };
}

async function mintTokens(privateKey: CryptoKey): Promise<string[]> {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return Promise.all(
    Array.from({ length: DISTINCT_TOKENS }, (_, i) =>
      new SignJWT({ rooms: ['bench-room'] })
        .setProtectedHeader({ alg: 'ES256', kid: KID })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(`user-${i}`)
        .setExpirationTime(exp)
        .sign(privateKey),
    ),
  );
}

/** The sidecar's variables, shared by the sidecar process and the in-process baseline. */
function sidecarEnv(files: AuthFiles): Record<string, string> {
  return {
    CMF_SIDECAR_ISSUERS_FILE: files.issuersFile,
    CMF_SIDECAR_CLIENT_TOKEN_FILE: files.clientTokenFile,
    // One client address sends every handshake here: no handshake rate limit in this benchmark.
    CMF_SIDECAR_RATE_LIMIT_PER_MINUTE: '0',
    CMF_SIDECAR_LOG_LEVEL: 'warn',
  };
}

async function startSidecar(files: AuthFiles, cleanup: CleanupStack): Promise<{ url: string; pid: number }> {
  const sidecar = await AuthSidecarProcess.start({ env: sidecarEnv(files) });
  track(sidecar.child);
  cleanup.defer('stop the sidecar', () => sidecar.kill());
  return { url: sidecar.url, pid: sidecar.child.pid ?? 0 };
}

function gatewayEnv(sidecarUrl: string, files: AuthFiles): Record<string, string> {
  return {
    CMF_POD_NAME: 'hsbench',
    CMF_AUTH_SIDECAR_URL: sidecarUrl,
    CMF_AUTH_SIDECAR_TOKEN_FILE: files.clientTokenFile,
    CMF_LOG_LEVEL: 'warn',
  };
}

async function window(
  client: ChildChannel<HandshakeClientApi>,
  url: string,
  tokens: readonly string[],
  pids: readonly number[],
  options: BenchOptions,
): Promise<HandshakeWindow> {
  const cpu = async (): Promise<number> =>
    (await Promise.all(pids.map(cpuSeconds))).reduce((a, b) => a + b, 0);
  const before = await cpu();
  const run: HandshakeRunReply = await client.call('run', {
    url,
    tokens,
    handshakes: options.handshakes,
    concurrency: options.handshakeConcurrency,
  });
  const used = (await cpu()) - before;
  return {
    handshakesPerSecond: run.completed / run.seconds,
    p50Ms: run.p50Ms,
    p99Ms: run.p99Ms,
    failed: run.failed,
    errors: run.errors,
    cpuMsPerHandshake: (used * 1000) / Math.max(1, run.completed),
  };
}

function best(windows: readonly HandshakeWindow[]): { best: HandshakeWindow; rounds: number[] } {
  const sorted = [...windows].sort((a, b) => b.handshakesPerSecond - a.handshakesPerSecond);
  const top = sorted[0];
  if (top === undefined) throw new Error('no handshake window was measured');
  return { best: top, rounds: windows.map((w) => Math.round(w.handshakesPerSecond)) };
}

export async function runHandshakeBench(
  options: BenchOptions,
  cleanup: CleanupStack,
): Promise<HandshakeFigures> {
  progress('handshake benchmark: starting Kafka');
  const broker = await KafkaBroker.start();
  cleanup.defer('destroy Kafka (handshakes)', () => broker.destroy());
  checkpoint();
  await createGatewayTopics(broker.bootstrap, PREFIX, 2);
  const files = await writeAuthFiles();
  cleanup.defer('remove the key files', () => fs.promises.rm(files.dir, { recursive: true, force: true }));
  const tokens = await mintTokens(files.privateKey);

  const sidecar = await startSidecar(files, cleanup);
  const viaSidecar = await GatewayProcess.start({
    brokers: broker.bootstrap,
    topicPrefix: PREFIX,
    env: gatewayEnv(sidecar.url, files),
  });
  cleanup.defer('stop the gateway (sidecar path)', () => viaSidecar.kill());
  track(viaSidecar.child);
  checkpoint();
  progress(`gateway with its sidecar ready on ${viaSidecar.url}`);

  const [sidecarPort = 0, sidecarAdminPort = 0, port = 0, adminPort = 0] = await freePorts(4);
  const inProcess = ChildChannel.fork<InProcessGatewayApi>(
    'in-process gateway',
    new URL('./inprocess-gateway.js', import.meta.url),
    [],
    {
      ...gatewayEnv(sidecar.url, files),
      CMF_KAFKA_BROKERS: broker.bootstrap,
      CMF_KAFKA_TOPIC_PREFIX: PREFIX,
      CMF_LISTEN_HOST: '127.0.0.1',
      CMF_LISTEN_PORT: String(port),
      CMF_ADMIN_HOST: '127.0.0.1',
      CMF_ADMIN_PORT: String(adminPort),
      ...sidecarEnv(files),
      // The sidecar's own listeners in that process are unused; they only need free ports.
      CMF_SIDECAR_LISTEN_PORT: String(sidecarPort),
      CMF_SIDECAR_ADMIN_HOST: '127.0.0.1',
      CMF_SIDECAR_ADMIN_PORT: String(sidecarAdminPort),
    },
  );
  cleanup.defer('stop the in-process gateway', () => inProcess.stop());
  const { port: inProcessPort } = await inProcess.call('start', {});
  const inProcessUrl = `ws://127.0.0.1:${inProcessPort}/connection/websocket`;
  progress(`in-process gateway ready on ${inProcessUrl}`);

  const client = ChildChannel.fork<HandshakeClientApi>(
    'handshake client',
    new URL('./handshake-client.js', import.meta.url),
  );
  cleanup.defer('stop the handshake client', () => client.stop());

  const sidecarWindows: HandshakeWindow[] = [];
  const inProcessWindows: HandshakeWindow[] = [];
  const gatewayPid = viaSidecar.child.pid ?? 0;
  // A short unmeasured run each, so both have warm JIT and key imports before the first window.
  await client.call('run', {
    url: viaSidecar.url,
    tokens,
    handshakes: 200,
    concurrency: options.handshakeConcurrency,
  });
  await client.call('run', {
    url: inProcessUrl,
    tokens,
    handshakes: 200,
    concurrency: options.handshakeConcurrency,
  });
  for (let round = 1; round <= options.rounds; round++) {
    checkpoint();
    const a = await window(client, viaSidecar.url, tokens, [gatewayPid, sidecar.pid], options);
    sidecarWindows.push(a);
    const b = await window(client, inProcessUrl, tokens, [inProcess.pid], options);
    inProcessWindows.push(b);
    progress(
      `handshakes round ${round}: via sidecar ${Math.round(a.handshakesPerSecond)}/s, ` +
        `in process ${Math.round(b.handshakesPerSecond)}/s`,
    );
  }
  return {
    sidecar: best(sidecarWindows),
    inProcess: best(inProcessWindows),
    handshakes: options.handshakes,
    concurrency: options.handshakeConcurrency,
  };
}
