import { readFileSync } from 'node:fs';

/**
 * The gateway package's version (service.version), read once from its package.json: the same
 * file from `src/` (tests) and from `dist/src/` (the image), so the directory tree is walked up.
 */
export function gatewayVersion(): string {
  let dir = new URL('.', import.meta.url);
  for (let depth = 0; depth < 5; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === '@cmf/gateway' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json at this level
    }
    dir = new URL('..', dir);
  }
  return 'unknown';
}
