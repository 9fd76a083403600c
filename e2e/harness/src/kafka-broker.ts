import { freePorts } from './ports.js';
import { runInfraScript, uniqueInstance } from './infra-script.js';

export interface KafkaBrokerOptions {
  /** Instance name; defaults to a fresh unique one so parallel runs never share state. */
  readonly instance?: string;
}

/** A real single-node Kafka broker started through e2e/infra/kafka.sh on free loopback ports. */
export class KafkaBroker {
  private constructor(
    readonly instance: string,
    readonly port: number,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  get bootstrap(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
    const instance = options.instance ?? uniqueInstance('kafka');
    const [port, controllerPort] = await freePorts(2);
    if (port === undefined || controllerPort === undefined) throw new Error('no ports');
    const env = {
      CMF_INSTANCE: instance,
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
      // The broker dies with this process even if a test run is killed before its teardown.
      CMF_OWNER_PID: String(process.pid),
    };
    const broker = new KafkaBroker(instance, port, env);
    try {
      await runInfraScript('kafka.sh', ['start'], env);
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

  async restart(): Promise<void> {
    await runInfraScript('kafka.sh', ['start'], this.env);
  }

  /** Stops the broker and removes its data. */
  async destroy(): Promise<void> {
    await runInfraScript('kafka.sh', ['destroy'], this.env);
  }
}
