import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePorts } from '@cmf/test-harness';

const MAIN = path.join(import.meta.dirname, '..', '..', 'dist', 'src', 'sidecar', 'main.js');

export interface SidecarProcessOptions {
  /** CMF_SIDECAR_* variables (issuers file, client token file, policy ...); ports are chosen here. */
  readonly env: Readonly<Record<string, string>>;
  readonly readyTimeoutMs?: number;
}

/**
 * The real `cmf-auth-sidecar` process (the built dist/src/sidecar/main.js) on free loopback
 * ports, configured the way a Pod configures it: CMF_SIDECAR_* variables and mounted files.
 * Ready means every issuer's keys are usable (`/readyz` 200).
 */
export class SidecarProcess {
  private output = '';
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly adminPort: number,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        resolve(code);
      });
    });
  }

  static async start(options: SidecarProcessOptions): Promise<SidecarProcess> {
    const [port, adminPort] = await freePorts(2);
    if (port === undefined || adminPort === undefined) throw new Error('no free ports');
    const child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env['PATH'] ?? '',
        CMF_SIDECAR_LISTEN_PORT: String(port),
        CMF_SIDECAR_ADMIN_HOST: '127.0.0.1',
        CMF_SIDECAR_ADMIN_PORT: String(adminPort),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const sidecar = new SidecarProcess(child, port, adminPort);
    try {
      await sidecar.waitReady(options.readyTimeoutMs ?? 30_000);
    } catch (err) {
      await sidecar.kill();
      throw err;
    }
    return sidecar;
  }

  /** The authentication API (loopback), as the gateway's CMF_AUTH_SIDECAR_URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Probes and metrics only. */
  get adminUrl(): string {
    return `http://127.0.0.1:${this.adminPort}`;
  }

  /** Everything the process printed (JSON log lines). */
  get logs(): string {
    return this.output;
  }

  async metrics(): Promise<string> {
    return (await fetch(`${this.adminUrl}/metrics`)).text();
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

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.exited.then((code) => (exitCode = code));
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`sidecar exited with ${String(exitCode)}:\n${this.output}`);
      try {
        if ((await fetch(`${this.url}/readyz`)).status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`sidecar not ready after ${timeoutMs} ms:\n${this.output}`);
  }
}
