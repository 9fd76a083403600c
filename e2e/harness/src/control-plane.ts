import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { binDir, runDir } from './paths.js';
import { freePorts } from './ports.js';
import { runInfraScript, uniqueInstance } from './infra-script.js';

const execFileAsync = promisify(execFile);

export interface ControlPlaneOptions {
  readonly instance?: string;
}

/**
 * A real etcd + kube-apiserver + kube-controller-manager started through e2e/infra/kube.sh on
 * free loopback ports, with an admin kubeconfig.
 */
export class ControlPlane {
  private constructor(
    readonly instance: string,
    readonly apiserverPort: number,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  get server(): string {
    return `https://127.0.0.1:${this.apiserverPort}`;
  }

  get kubeconfig(): string {
    return path.join(runDir, this.instance, 'kube', 'admin.kubeconfig');
  }

  static async start(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
    const instance = options.instance ?? uniqueInstance('kube');
    const [api, etcd, etcdPeer, kcm] = await freePorts(4);
    if (api === undefined || etcd === undefined || etcdPeer === undefined || kcm === undefined) {
      throw new Error('no ports');
    }
    const env = {
      CMF_INSTANCE: instance,
      KUBE_APISERVER_PORT: String(api),
      ETCD_PORT: String(etcd),
      ETCD_PEER_PORT: String(etcdPeer),
      KCM_PORT: String(kcm),
      CMF_OWNER_PID: String(process.pid),
    };
    const plane = new ControlPlane(instance, api, env);
    try {
      await runInfraScript('kube.sh', ['start'], env);
    } catch (err) {
      await plane.destroy().catch(() => undefined);
      throw err;
    }
    return plane;
  }

  /** Runs the pinned kubectl against this control plane; rejects with its stderr on failure. */
  async kubectl(args: readonly string[], input?: string): Promise<string> {
    const child = execFileAsync(path.join(binDir, 'kubectl'), ['--kubeconfig', this.kubeconfig, ...args], {
      maxBuffer: 16 * 1024 * 1024,
    });
    if (input !== undefined) {
      child.child.stdin?.end(input);
    }
    const { stdout } = await child;
    return stdout;
  }

  /** Runs kubectl expecting the API server to refuse; resolves with its message. */
  async refusal(args: readonly string[], input?: string): Promise<string> {
    try {
      await this.kubectl(args, input);
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
    throw new Error(`kubectl ${args.join(' ')} was accepted`);
  }

  /**
   * Stops etcd, kube-apiserver and kube-controller-manager and starts them again on the same
   * ports, with the same data and certificates (so the kubeconfig stays valid): every client sees
   * its connections and watches broken, then the same objects at the same address. Resolves when
   * the API server answers /readyz again. Safe to call on a stopped or running control plane.
   */
  async restart(): Promise<void> {
    await runInfraScript('kube.sh', ['stop'], this.env);
    await runInfraScript('kube.sh', ['start'], this.env);
  }

  async destroy(): Promise<void> {
    await runInfraScript('kube.sh', ['destroy'], this.env);
  }
}
