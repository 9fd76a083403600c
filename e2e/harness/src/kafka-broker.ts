import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { freePorts } from './ports.js';
import { runInfraScript, uniqueInstance } from './infra-script.js';
import { runDir } from './paths.js';

export type KafkaSaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/** How the broker's client listener is secured; the controller listener stays plaintext on loopback. */
export interface KafkaBrokerSecurity {
  /** SASL with this mechanism (the only one enabled) and one user the harness makes up. */
  readonly sasl?: KafkaSaslMechanism;
  /** TLS, with a CA and a certificate for 127.0.0.1 made for this broker alone. */
  readonly tls?: boolean;
}

export interface KafkaBrokerOptions {
  /** Instance name; defaults to a fresh unique one so parallel runs never share state. */
  readonly instance?: string;
  /** Unset: a PLAINTEXT client listener, no authentication. */
  readonly security?: KafkaBrokerSecurity;
  /**
   * The loopback address the client listener binds and advertises (KAFKA_HOST). Default
   * 127.0.0.1. Pods of the e2e node agent have 127.0.0.1 rewritten to their own address, so a
   * broker they must reach listens on another one, such as 127.100.0.1.
   */
  readonly host?: string;
}

/** The SASL user a client of a secured broker logs in as. */
export interface KafkaBrokerCredentials {
  readonly mechanism: KafkaSaslMechanism;
  readonly username: string;
  readonly password: string;
}

/** What a client needs to trust the broker's certificate. */
export interface KafkaBrokerTls {
  /** The CA certificate (PEM) that signed the broker's certificate. */
  readonly ca: string;
  /** The same CA on disk, for processes configured with a file path. */
  readonly caFile: string;
}

/** A real single-node Kafka broker started through e2e/infra/kafka.sh on free loopback ports. */
export class KafkaBroker {
  private caPem: KafkaBrokerTls | undefined;

  private constructor(
    readonly instance: string,
    readonly port: number,
    readonly host: string,
    private readonly env: Readonly<Record<string, string>>,
    /** Present when the broker asks for SASL. */
    readonly sasl: KafkaBrokerCredentials | undefined,
    private readonly tlsEnabled: boolean,
  ) {}

  get bootstrap(): string {
    return `${this.host}:${this.port}`;
  }

  /** Present when the client listener speaks TLS. */
  get tls(): KafkaBrokerTls | undefined {
    return this.caPem;
  }

  static async start(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
    const instance = options.instance ?? uniqueInstance('kafka');
    const [port, controllerPort] = await freePorts(2);
    if (port === undefined || controllerPort === undefined) throw new Error('no ports');
    const mechanism = options.security?.sasl;
    const sasl =
      mechanism === undefined
        ? undefined
        : { mechanism, username: 'cmf-client', password: randomBytes(12).toString('hex') };
    const tls = options.security?.tls ?? false;
    const host = options.host ?? '127.0.0.1';
    const env = {
      CMF_INSTANCE: instance,
      KAFKA_HOST: host,
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
      // The broker dies with this process even if a test run is killed before its teardown.
      CMF_OWNER_PID: String(process.pid),
      ...(sasl === undefined
        ? {}
        : {
            KAFKA_SASL_MECHANISM: sasl.mechanism,
            KAFKA_SASL_USERNAME: sasl.username,
            KAFKA_SASL_PASSWORD: sasl.password,
          }),
      ...(tls ? { KAFKA_TLS: '1' } : {}),
    };
    const broker = new KafkaBroker(instance, port, host, env, sasl, tls);
    try {
      await runInfraScript('kafka.sh', ['start'], env);
      await broker.readCa();
    } catch (err) {
      await broker.destroy().catch(() => undefined);
      throw err;
    }
    return broker;
  }

  /** Stops the broker, keeping its data so `restart` sees the same log. */
  async stop(): Promise<void> {
    await runInfraScript('kafka.sh', ['stop'], this.env);
  }

  /** Starts it again; a TLS broker keeps the certificate (the CA is read again to show it). */
  async restart(): Promise<void> {
    await runInfraScript('kafka.sh', ['start'], this.env);
    await this.readCa();
  }

  /** Stops the broker and removes its data. */
  async destroy(): Promise<void> {
    await runInfraScript('kafka.sh', ['destroy'], this.env);
  }

  private async readCa(): Promise<void> {
    if (!this.tlsEnabled) return;
    const caFile = path.join(runDir, this.instance, 'kafka', 'tls', 'ca.pem');
    this.caPem = { ca: await readFile(caFile, 'utf8'), caFile };
  }
}
