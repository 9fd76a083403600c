import { readFileSync } from 'node:fs';

/** The operator package's version (service.version of its telemetry), found upwards from this file. */
export function operatorVersion(): string {
  let dir = new URL('.', import.meta.url);
  for (let depth = 0; depth < 5; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === '@cmf/operator' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not at this level: keep climbing
    }
    dir = new URL('..', dir);
  }
  return 'unknown';
}
