import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { eventually, freePort, repoRoot } from '@cmf/test-harness';

const operatorMain = path.join(repoRoot, 'operator', 'dist', 'src', 'main.js');

export interface OperatorProcessOptions {
  /** CMF_POD_NAME: the Lease holder identity and the Events' reportingInstance. */
  readonly name: string;
  readonly kubeconfig: string;
  /** Every other variable (CMF_OPERATOR_*), on top of the ones above and the admin port. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The built `cmf-operator` (operator/dist/src/main.js) as its own process, the way a Pod runs it:
 * configured by environment only, its admin port on loopback, its JSON log kept for failures.
 */
export class OperatorProcess {
  private output = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly name: string,
    readonly adminPort: number,
    private readonly child: ChildProcess,
  ) {
    const collect = (chunk: Buffer): void => {
      this.output += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        resolve({ code, signal });
      });
    });
  }

  static async start(options: OperatorProcessOptions): Promise<OperatorProcess> {
    if (!existsSync(operatorMain)) {
      throw new Error(`${operatorMain} is missing: build the operator first (npx tsc --build operator)`);
    }
    const adminPort = await freePort();
    const child = spawn(process.execPath, [operatorMain], {
      env: {
        PATH: process.env['PATH'] ?? '',
        KUBECONFIG: options.kubeconfig,
        CMF_POD_NAME: options.name,
        CMF_OPERATOR_ADMIN_HOST: '127.0.0.1',
        CMF_OPERATOR_ADMIN_PORT: String(adminPort),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const operator = new OperatorProcess(options.name, adminPort, child);
    await eventually(`${options.name} to answer /readyz`, async () => {
      operator.assertRunning();
      return (await operator.admin('/readyz').catch(() => 0)) === 200;
    });
    return operator;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** What the process wrote so far (its JSON log), for failure messages. */
  get log(): string {
    return this.output;
  }

  /** Fails, with the operator's log, when the process has exited. */
  assertRunning(): void {
    if (!this.running) {
      throw new Error(`${this.name} exited (${String(this.child.exitCode)}); its output:\n${this.output}`);
    }
  }

  private async admin(urlPath: string): Promise<number> {
    const response = await fetch(`http://127.0.0.1:${this.adminPort}${urlPath}`);
    await response.text();
    return response.status;
  }

  /** The Prometheus text of /metrics. */
  async metrics(): Promise<string> {
    this.assertRunning();
    const response = await fetch(`http://127.0.0.1:${this.adminPort}/metrics`);
    return response.text();
  }

  /** The value of one sample, `name{labels}` written exactly as the operator renders it; 0 when absent. */
  async sample(series: string): Promise<number> {
    const line = (await this.metrics()).split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? 0 : Number(line.slice(series.length + 1));
  }

  /** `cmf_operator_api_requests_total` as `verb resource` → count. */
  async apiRequests(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const pattern = /^cmf_operator_api_requests_total\{verb="([^"]*)",resource="([^"]*)"\} (\d+)$/;
    for (const line of (await this.metrics()).split('\n')) {
      const match = pattern.exec(line);
      if (match !== null) counts.set(`${match[1] ?? ''} ${match[2] ?? ''}`, Number(match[3]));
    }
    return counts;
  }

  /** Sends `signal` and resolves with how the process ended. */
  async kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) this.child.kill(signal);
    return this.exited;
  }

  /** SIGTERM if still running; for afterAll. */
  async stop(): Promise<void> {
    await this.kill('SIGTERM');
  }
}
