import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root, found from this file so the harness works from any working directory. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const infraDir = path.join(repoRoot, 'e2e', 'infra');
export const cacheDir = process.env['CMF_CACHE'] ?? path.join(repoRoot, '.cache');
export const binDir = path.join(cacheDir, 'bin');
export const runDir = process.env['CMF_RUN'] ?? path.join(cacheDir, 'run');
