import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest ancestor holding e2e/infra, whether run from src or dist. */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'e2e', 'infra', 'lib.sh'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no e2e/infra/lib.sh above ${start}`);
  }
}

export const repoRoot = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));
export const infraDir = path.join(repoRoot, 'e2e', 'infra');
export const cacheDir = process.env['CMF_CACHE'] ?? path.join(repoRoot, '.cache');
export const binDir = path.join(cacheDir, 'bin');
export const runDir = process.env['CMF_RUN'] ?? path.join(cacheDir, 'run');
