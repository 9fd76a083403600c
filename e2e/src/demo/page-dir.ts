import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The e2e workspace, whether this module runs from src (vitest) or dist (node). */
function findWorkspace(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'src', 'demo'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no e2e workspace above ${start}`);
  }
}

export const e2eWorkspace = findWorkspace(path.dirname(fileURLToPath(import.meta.url)));
/** The page's source (index.html and the TypeScript it loads). */
export const pageSourceDir = path.join(e2eWorkspace, 'src', 'demo', 'page');
/** Where build-page writes the bundle and `cmf-demo` serves it from by default. */
export const defaultPageDir = path.join(e2eWorkspace, 'dist', 'demo-page');
