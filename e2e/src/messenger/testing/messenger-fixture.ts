import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaBroker } from '@cmf/test-harness';
import type { Seed } from '../rooms/seed.js';
import { loadGatewayContract, type GatewayContract } from './gateway-contract.js';
import { MessengerProcess } from './messenger-process.js';
import { TopicTap } from './topic-tap.js';

const SERVICE_TOKEN_FILE = 'service-token';

export interface MessengerFixtureOptions {
  /** Names the fixture's temporary directory (`cmf-<name>-…`), where its files live. */
  readonly name: string;
  readonly topicPrefix: string;
  /** Partitions of `<prefix>.messages` and `<prefix>.events`, created before the stand-in starts. */
  readonly partitions: { readonly messages: number; readonly events: number };
  /** The topic the fixture records from its beginning. */
  readonly tap: 'messages' | 'events';
  /** Rooms, admins and bans the stand-in starts with (CMF_MESSENGER_SEED_FILE). */
  readonly seed: Pick<Seed, 'rooms'> & Partial<Pick<Seed, 'admins' | 'bannedUsers'>>;
  /**
   * The membership API's token: in CMF_MESSENGER_SERVICE_TOKEN (`env`), or in a file the stand-in
   * rereads (`file`, CMF_MESSENGER_SERVICE_TOKEN_FILE), which a test may rewrite to rotate it.
   */
  readonly serviceToken: { readonly value: string; readonly in: 'env' | 'file' };
  /** A PKCS#8 PEM the stand-in signs demo tokens with, so a test can forge its own; default: the stand-in's own key. */
  readonly signingKeyPem?: string;
  /** Other CMF_MESSENGER_* variables (limits ...). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * What every test of the messenger stand-in starts from: a real broker with the stand-in's
 * topics, the real stand-in process configured through files in a temporary directory, a tap on
 * one topic, and the gateway's own contract code to check what is produced against.
 */
export class MessengerFixture {
  private constructor(
    readonly broker: KafkaBroker,
    readonly messenger: MessengerProcess,
    readonly tap: TopicTap,
    readonly gateway: GatewayContract,
    /** The temporary directory holding the seed, token and key files. */
    readonly dir: string,
  ) {}

  /** Rewrites the service token's file (`serviceToken.in` is `file`): the stand-in rereads it. */
  writeServiceToken(token: string): void {
    const file = path.join(this.dir, SERVICE_TOKEN_FILE);
    if (!existsSync(file)) throw new Error('the fixture passes its service token in the environment');
    writeFileSync(file, token);
  }

  /** Starts everything, or stops what it started and throws. */
  static async start(options: MessengerFixtureOptions): Promise<MessengerFixture> {
    const gateway = await loadGatewayContract();
    const dir = mkdtempSync(path.join(os.tmpdir(), `cmf-${options.name}-`));
    let broker: KafkaBroker | undefined;
    let messenger: MessengerProcess | undefined;
    try {
      broker = await KafkaBroker.start();
      await createTopics(broker.bootstrap, options.topicPrefix, options.partitions);
      messenger = await MessengerProcess.start({
        brokers: broker.bootstrap,
        topicPrefix: options.topicPrefix,
        ...(options.serviceToken.in === 'env' ? { serviceToken: options.serviceToken.value } : {}),
        env: { ...writeFiles(dir, options), ...options.env },
      });
      const tap = await TopicTap.start(broker.bootstrap, `${options.topicPrefix}.${options.tap}`);
      return new MessengerFixture(broker, messenger, tap, gateway, dir);
    } catch (err) {
      await messenger?.kill().catch(() => undefined);
      await broker?.destroy().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  async stop(): Promise<void> {
    await this.tap.stop().catch(() => undefined);
    await this.messenger.kill().catch(() => undefined);
    await this.broker.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function createTopics(
  bootstrap: string,
  prefix: string,
  partitions: MessengerFixtureOptions['partitions'],
): Promise<void> {
  const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [
        { topic: `${prefix}.messages`, numPartitions: partitions.messages },
        { topic: `${prefix}.events`, numPartitions: partitions.events },
      ],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

/** Writes the stand-in's files into `dir` and returns the variables that name them. */
function writeFiles(dir: string, options: MessengerFixtureOptions): Record<string, string> {
  const seedFile = path.join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(options.seed));
  const env: Record<string, string> = { CMF_MESSENGER_SEED_FILE: seedFile };
  if (options.serviceToken.in === 'file') {
    const tokenFile = path.join(dir, SERVICE_TOKEN_FILE);
    writeFileSync(tokenFile, `${options.serviceToken.value}\n`);
    env['CMF_MESSENGER_SERVICE_TOKEN_FILE'] = tokenFile;
  }
  if (options.signingKeyPem !== undefined) {
    const keyFile = path.join(dir, 'signing-key.pem');
    writeFileSync(keyFile, options.signingKeyPem);
    env['CMF_MESSENGER_SIGNING_KEY_FILE'] = keyFile;
  }
  return env;
}
