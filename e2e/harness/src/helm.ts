import { execFile } from 'node:child_process';
import path from 'node:path';
import { binDir, cacheDir } from './paths.js';

export interface HelmResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the pinned helm with the project's private plugin, config and cache folders, so neither
 * the user's helm set-up nor the network is involved. Resolves with the exit code rather than
 * rejecting, so tests can assert failures too.
 */
export function helm(args: readonly string[]): Promise<HelmResult> {
  const helmHome = path.join(cacheDir, 'helm');
  return new Promise((resolve, reject) => {
    execFile(
      path.join(binDir, 'helm'),
      args,
      {
        env: {
          ...process.env,
          HELM_PLUGINS: path.join(helmHome, 'plugins'),
          HELM_CONFIG_HOME: path.join(helmHome, 'config'),
          HELM_CACHE_HOME: path.join(helmHome, 'cache'),
          HELM_DATA_HOME: path.join(helmHome, 'data'),
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`helm could not run: ${error.message}`, { cause: error }));
          return;
        }
        resolve({ exitCode: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}
