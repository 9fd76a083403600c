import path from 'node:path';
import { freePort, spawnNodeScript, type ChildProcessLogs } from '@cmf/test-harness';
import { e2eWorkspace } from '../page-dir.js';

/** The built entry point; `npx tsc --build e2e` writes it. */
export const DEMO_MAIN = path.join(e2eWorkspace, 'dist', 'src', 'demo', 'server.js');

export interface DemoProcessOptions {
  readonly gatewayUrl: string;
  readonly messengerUrl: string;
  readonly pageDir: string;
  /** A port chosen beforehand (the page's origin must be known to the sidecar); default: free. */
  readonly port?: number;
}

/** A real `cmf-demo` process on loopback, configured by its CMF_DEMO_* variables. */
export class DemoProcess {
  private constructor(
    private readonly process: ChildProcessLogs,
    readonly port: number,
  ) {}

  static async start(options: DemoProcessOptions): Promise<DemoProcess> {
    const port = options.port ?? (await freePort());
    const processLogs = spawnNodeScript(DEMO_MAIN, {
      CMF_DEMO_LISTEN_HOST: '127.0.0.1',
      CMF_DEMO_LISTEN_PORT: String(port),
      CMF_DEMO_GATEWAY_URL: options.gatewayUrl,
      CMF_DEMO_MESSENGER_URL: options.messengerUrl,
      CMF_DEMO_PAGE_DIR: options.pageDir,
    });
    const demo = new DemoProcess(processLogs, port);
    try {
      await demo.process.waitFor(
        'cmf-demo /healthz',
        async () => (await fetch(`${demo.url}/healthz`)).status === 200,
        30_000,
      );
    } catch (err) {
      await demo.kill();
      throw err;
    }
    return demo;
  }

  /** The page's origin. */
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
