import path from 'node:path';
import { freePort, repoRoot, spawnNodeScript, type ChildProcessLogs } from '@cmf/test-harness';

/** The built entry point; `npx tsc --build e2e` writes it. */
export const MESSENGER_MAIN = path.join(repoRoot, 'e2e', 'dist', 'src', 'messenger', 'main.js');

export interface MessengerProcessOptions {
  readonly brokers: string;
  readonly topicPrefix: string;
  /** The membership API's bearer token (CMF_MESSENGER_SERVICE_TOKEN) unless `env` names a file. */
  readonly serviceToken?: string;
  /** Extra CMF_MESSENGER_* variables; they win over the defaults set here. */
  readonly env?: Readonly<Record<string, string>>;
  /** `ready`: wait for /readyz 200 (Kafka connected); `healthy`: only for /healthz. */
  readonly waitFor?: 'ready' | 'healthy';
  readonly timeoutMs?: number;
}

export interface JsonAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** The `error.code` of a JSON error body, the stand-in's stable reason for a refusal. */
export function errorCode(answer: JsonAnswer): string | undefined {
  return (answer.body as { error?: { code?: string } } | undefined)?.error?.code;
}

/**
 * A real `cmf-messenger-standin` process on a free loopback port, configured the way a Pod is:
 * CMF_MESSENGER_* variables only. Demo tokens and fault injection are on unless `env` says not.
 */
export class MessengerProcess {
  private constructor(
    private readonly processLogs: ChildProcessLogs,
    readonly port: number,
  ) {}

  static async start(options: MessengerProcessOptions): Promise<MessengerProcess> {
    const port = await freePort();
    const processLogs = spawnNodeScript(MESSENGER_MAIN, {
      CMF_MESSENGER_LISTEN_HOST: '127.0.0.1',
      CMF_MESSENGER_LISTEN_PORT: String(port),
      CMF_MESSENGER_KAFKA_BROKERS: options.brokers,
      CMF_MESSENGER_TOPIC_PREFIX: options.topicPrefix,
      CMF_MESSENGER_DEMO_TOKENS: 'true',
      CMF_MESSENGER_FAULT_INJECTION: 'true',
      ...(options.serviceToken === undefined ? {} : { CMF_MESSENGER_SERVICE_TOKEN: options.serviceToken }),
      ...options.env,
    });
    const messenger = new MessengerProcess(processLogs, port);
    const probe = options.waitFor === 'healthy' ? '/healthz' : '/readyz';
    try {
      await processLogs.waitFor(
        `the messenger ${probe}`,
        async () => (await fetch(`${messenger.url}${probe}`)).status === 200,
        options.timeoutMs ?? 60_000,
      );
    } catch (err) {
      await messenger.kill();
      throw err;
    }
    return messenger;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Everything the process printed (JSON log lines on stderr). */
  get logs(): string {
    return this.processLogs.logs;
  }

  /** Sends JSON (a string body is sent as is) and reads the JSON answer, if any. */
  async request(
    method: string,
    pathname: string,
    options: { body?: unknown; token?: string; headers?: Readonly<Record<string, string>> } = {},
  ): Promise<JsonAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    const res = await fetch(`${this.url}${pathname}`, {
      method,
      headers,
      ...(options.body === undefined
        ? {}
        : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON (metrics): keep the text
    }
    return { status: res.status, headers: res.headers, body };
  }

  /** A user token from the demo endpoint. */
  async token(userId: string, rooms?: readonly string[]): Promise<string> {
    const answer = await this.request('POST', '/v1/demo/token', {
      body: { userId, ...(rooms === undefined ? {} : { rooms }) },
    });
    if (answer.status !== 201)
      throw new Error(`demo token refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    return (answer.body as { token: string }).token;
  }

  async metrics(): Promise<string> {
    return (await fetch(`${this.url}/metrics`)).text();
  }

  /** SIGTERM, as Kubernetes sends it; resolves with the exit code. */
  terminate(): Promise<number | null> {
    return this.processLogs.terminate();
  }

  kill(): Promise<void> {
    return this.processLogs.kill();
  }
}
