import path from 'node:path';
import { LoopbackProcess, spawnNodeScript } from './loopback-process.js';
import { freePorts } from './ports.js';
import { repoRoot } from './paths.js';

/** The built entry point, found by path: the gateway's tests depend on this harness, not the reverse. */
const GATEWAY_MAIN = path.join(repoRoot, 'gateway', 'dist', 'src', 'main.js');

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
export class GatewayProcess extends LoopbackProcess {
  static async start(options: GatewayProcessOptions): Promise<GatewayProcess> {
    const [port, adminPort] = await freePorts(2);
    if (port === undefined || adminPort === undefined) throw new Error('no ports');
    const processLogs = spawnNodeScript(GATEWAY_MAIN, {
      CMF_KAFKA_BROKERS: options.brokers,
      CMF_KAFKA_TOPIC_PREFIX: options.topicPrefix,
      CMF_LISTEN_HOST: '127.0.0.1',
      CMF_LISTEN_PORT: String(port),
      CMF_ADMIN_HOST: '127.0.0.1',
      CMF_ADMIN_PORT: String(adminPort),
      ...authEnv(options.secret),
      CMF_LOG_LEVEL: 'info',
      ...options.env,
    });
    const gateway = new GatewayProcess(processLogs, port, adminPort);
    await gateway.waitReady(
      'the gateway /readyz',
      async () => (await gateway.readiness()).status === 200,
      options.readyTimeoutMs ?? 60_000,
    );
    return gateway;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/connection/websocket`;
  }

  async readiness(): Promise<{ status: number; body: { status: string; reasons: string[] } }> {
    const res = await fetch(`${this.adminUrl}/readyz`);
    return { status: res.status, body: (await res.json()) as { status: string; reasons: string[] } };
  }
}
