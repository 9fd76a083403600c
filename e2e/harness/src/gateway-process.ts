import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePorts } from './ports.js';
import { repoRoot } from './paths.js';

export interface GatewayProcessOptions {
  readonly brokers: string;
  readonly topicPrefix: string;
  /** Extra CMF_* variables (limits, history, auth, membership, ...); they win over the defaults. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * The dev HS256 secret tokens are signed with: the gateway runs in `dev-hs256` mode. Without
   * it the gateway runs in its default `sidecar` mode, and `env` names the sidecar
   * (CMF_AUTH_SIDECAR_URL, CMF_AUTH_SIDECAR_TOKEN_FILE).
   */
  readonly secret?: string;
  readonly readyTimeoutMs?: number;
}

function authEnv(secret: string | undefined): Record<string, string> {
  return secret === undefined
    ? { CMF_AUTH_MODE: 'sidecar' }
    : { CMF_AUTH_MODE: 'dev-hs256', CMF_DEV_JWT_SECRET: secret };
}

/**
 * A real `cmf-gateway` process (the built dist/src/main.js) on free loopback ports, started the
 * way a Pod starts it: configuration from CMF_* variables only.
 */
export class GatewayProcess {
  private output = '';
  private exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly adminPort: number,
  ) {
    child.stdout?.on('data', (c: Buffer) => (this.output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (this.output += c.toString()));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        resolve(code);
      });
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/connection/websocket`;
  }

  get adminUrl(): string {
    return `http://127.0.0.1:${this.adminPort}`;
  }

  /** Everything the process printed (JSON log lines). */
  get logs(): string {
    return this.output;
  }

  static async start(options: GatewayProcessOptions): Promise<GatewayProcess> {
    const [port, adminPort] = await freePorts(2);
    if (port === undefined || adminPort === undefined) throw new Error('no ports');
    const child = spawn(process.execPath, [path.join(repoRoot, 'gateway', 'dist', 'src', 'main.js')], {
      env: {
        PATH: process.env['PATH'] ?? '',
        CMF_KAFKA_BROKERS: options.brokers,
        CMF_KAFKA_TOPIC_PREFIX: options.topicPrefix,
        CMF_LISTEN_HOST: '127.0.0.1',
        CMF_LISTEN_PORT: String(port),
        CMF_ADMIN_HOST: '127.0.0.1',
        CMF_ADMIN_PORT: String(adminPort),
        ...authEnv(options.secret),
        CMF_LOG_LEVEL: 'info',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const gateway = new GatewayProcess(child, port, adminPort);
    try {
      await gateway.waitReady(options.readyTimeoutMs ?? 60_000);
    } catch (err) {
      await gateway.kill();
      throw err;
    }
    return gateway;
  }

  async readiness(): Promise<{ status: number; body: { status: string; reasons: string[] } }> {
    const res = await fetch(`${this.adminUrl}/readyz`);
    return { status: res.status, body: (await res.json()) as { status: string; reasons: string[] } };
  }

  async metrics(): Promise<string> {
    return (await fetch(`${this.adminUrl}/metrics`)).text();
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.exited.then((c) => (exitCode = c));
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`gateway exited with ${String(exitCode)}:\n${this.output}`);
      try {
        if ((await this.readiness()).status === 200) return;
      } catch {
        // admin port not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `gateway not ready after ${timeoutMs} ms:\n${this.output.split('\n').slice(-30).join('\n')}`,
    );
  }

  /** SIGTERM, as Kubernetes sends it; resolves with the exit code. */
  async terminate(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return this.exited;
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
