import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePorts, repoRoot } from '@cmf/test-harness';
import { ChildProcessLogs } from './child-process-logs.js';

/**
 * The real `cmf-auth-sidecar` (gateway/dist) for tests whose users hold the messenger stand-in's
 * ES256 tokens: it verifies them against the stand-in's JWKS, as in a cluster. Ready means the
 * JWKS was fetched.
 */
export class AuthSidecarProcess {
  private constructor(
    private readonly process: ChildProcessLogs,
    readonly port: number,
  ) {}

  static async start(env: Readonly<Record<string, string>>): Promise<AuthSidecarProcess> {
    const [port, adminPort] = await freePorts(2);
    if (port === undefined || adminPort === undefined) throw new Error('no free ports');
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, 'gateway', 'dist', 'src', 'sidecar', 'main.js')],
      {
        env: {
          PATH: process.env['PATH'] ?? '',
          CMF_SIDECAR_LISTEN_PORT: String(port),
          CMF_SIDECAR_ADMIN_HOST: '127.0.0.1',
          CMF_SIDECAR_ADMIN_PORT: String(adminPort),
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const sidecar = new AuthSidecarProcess(new ChildProcessLogs(child), port);
    try {
      await sidecar.process.waitFor(
        'the auth sidecar /readyz',
        async () => (await fetch(`${sidecar.url}/readyz`)).status === 200,
        30_000,
      );
    } catch (err) {
      await sidecar.kill();
      throw err;
    }
    return sidecar;
  }

  /** As the gateway's CMF_AUTH_SIDECAR_URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logs(): string {
    return this.process.logs;
  }

  kill(): Promise<void> {
    return this.process.kill();
  }
}
