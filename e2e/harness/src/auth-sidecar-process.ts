import path from 'node:path';
import { LoopbackProcess, spawnNodeScript } from './loopback-process.js';
import { repoRoot } from './paths.js';
import { freePorts } from './ports.js';

/**
 * The built entry point, found by path rather than imported: the gateway's tests depend on this
 * harness, so the harness must not depend on the gateway package. `npx tsc --build gateway`
 * writes it.
 */
const SIDECAR_MAIN = path.join(repoRoot, 'gateway', 'dist', 'src', 'sidecar', 'main.js');

export interface AuthSidecarProcessOptions {
  /** CMF_SIDECAR_* variables (issuers file, client token file, origins, limits ...); ports are chosen here. */
  readonly env: Readonly<Record<string, string>>;
  readonly readyTimeoutMs?: number;
}

/**
 * A real `cmf-auth-sidecar` process on free loopback ports, configured the way a Pod configures
 * it: CMF_SIDECAR_* variables and mounted files. Ready means every issuer's keys are usable
 * (`/readyz` 200, as the kubelet asks it), e.g. a JWKS was fetched.
 */
export class AuthSidecarProcess extends LoopbackProcess {
  static async start(options: AuthSidecarProcessOptions): Promise<AuthSidecarProcess> {
    const [port, adminPort] = await freePorts(2);
    if (port === undefined || adminPort === undefined) throw new Error('no free ports');
    // The ports last: an environment rendered for a Pod names the Pod's ports.
    const processLogs = spawnNodeScript(SIDECAR_MAIN, {
      ...options.env,
      CMF_SIDECAR_LISTEN_PORT: String(port),
      CMF_SIDECAR_ADMIN_HOST: '127.0.0.1',
      CMF_SIDECAR_ADMIN_PORT: String(adminPort),
    });
    const sidecar = new AuthSidecarProcess(processLogs, port, adminPort);
    // The admin port listens last, so its /readyz answering means both ports are up.
    await sidecar.waitReady(
      'the auth sidecar /readyz',
      async () => (await fetch(`${sidecar.adminUrl}/readyz`)).status === 200,
      options.readyTimeoutMs ?? 30_000,
    );
    return sidecar;
  }

  /** The authentication API (loopback), as the gateway's CMF_AUTH_SIDECAR_URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
}
