import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { eventually } from '@cmf/test-harness';
import { MESSENGER_MAIN } from '../../src/messenger/testing/messenger-process.js';
import type { SeedRoom } from './platform.js';

export interface PlatformMessengerOptions {
  /** Address and port it listens on: a host address pods reach unrewritten. */
  readonly host: string;
  readonly port: number;
  readonly kafkaBrokers: string;
  readonly topicPrefix: string;
  readonly serviceToken: string;
  readonly rooms: readonly SeedRoom[];
  /** Files (signing key, token, seed) and the log go here. */
  readonly dir: string;
}

/**
 * The messenger stand-in as the platform runs it: a fixed address, port and signing key, and its
 * rooms seeded from a file, so a stop and start (scenario 7) brings back the same JWKS, the same
 * rooms and the same URL the gateways were configured with.
 */
export class PlatformMessenger {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private output = '';
  private readonly env: Readonly<Record<string, string>>;

  constructor(private readonly options: PlatformMessengerOptions) {
    const keyFile = path.join(options.dir, 'messenger-signing-key.pem');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const tokenFile = path.join(options.dir, 'messenger-service-token');
    writeFileSync(tokenFile, options.serviceToken, { mode: 0o600 });
    const seedFile = path.join(options.dir, 'messenger-seed.json');
    writeFileSync(seedFile, JSON.stringify({ rooms: options.rooms }));
    this.env = {
      PATH: process.env['PATH'] ?? '',
      CMF_MESSENGER_LISTEN_HOST: options.host,
      CMF_MESSENGER_LISTEN_PORT: String(options.port),
      CMF_MESSENGER_KAFKA_BROKERS: options.kafkaBrokers,
      CMF_MESSENGER_TOPIC_PREFIX: options.topicPrefix,
      CMF_MESSENGER_DEMO_TOKENS: 'true',
      CMF_MESSENGER_FAULT_INJECTION: 'true',
      CMF_MESSENGER_SIGNING_KEY_FILE: keyFile,
      CMF_MESSENGER_SERVICE_TOKEN_FILE: tokenFile,
      CMF_MESSENGER_SEED_FILE: seedFile,
      CMF_MESSENGER_KAFKA_SEND_TIMEOUT: '5s',
    };
  }

  get url(): string {
    return `http://${this.options.host}:${String(this.options.port)}`;
  }

  get logs(): string {
    return this.output;
  }

  /** Starts the process and waits until it is ready (its Kafka producer connected). */
  async start(): Promise<void> {
    const child = spawn(process.execPath, [MESSENGER_MAIN], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        resolve();
      });
    });
    await eventually('the messenger stand-in to be ready', async () => {
      if (child.exitCode !== null) throw new Error(`the messenger exited:\n${this.output}`);
      const res = await fetch(`${this.url}/readyz`).catch(() => undefined);
      return res?.status === 200;
    });
  }

  /** SIGTERM (it drains and exits), SIGKILL if it lingers. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}
