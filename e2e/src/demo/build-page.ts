#!/usr/bin/env node
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { defaultPageDir, pageSourceDir } from './page-dir.js';

/**
 * Bundles the demo page (index.html, its TypeScript and the client SDK) into `outDir` with the
 * workspace's pinned vite. The client SDK comes from `@cmf/gateway/client`, i.e. gateway/dist:
 * build the gateway first.
 */
export async function buildDemoPage(outDir: string = defaultPageDir): Promise<string> {
  await build({
    root: pageSourceDir,
    // Relative asset URLs: the page works from any path it is served under.
    base: './',
    configFile: false,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, sourcemap: true },
  });
  return outDir;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildDemoPage(process.argv[2]).then(
    (dir) => {
      process.stdout.write(`demo page built into ${dir}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`build-page: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
