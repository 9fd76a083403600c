import { readFileSync } from 'node:fs';

/**
 * The version of package `name` (service.version), read from the package.json found walking up
 * from `from` (a module's `import.meta.url`): the same file from `src/` (tests) and from
 * `dist/src/` (the image).
 */
export function packageVersion(name: string, from: string): string {
  let dir = new URL('.', from);
  for (let depth = 0; depth < 5; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === name && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json at this level
    }
    dir = new URL('..', dir);
  }
  return 'unknown';
}

/** The gateway package's version. */
export function gatewayVersion(): string {
  return packageVersion('@cmf/gateway', import.meta.url);
}
