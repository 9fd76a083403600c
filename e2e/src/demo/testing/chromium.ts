import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's `chromium` package (make tools installs it); CMF_CHROMIUM points elsewhere. */
export const CHROMIUM_PATH = process.env['CMF_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Headless, and quiet on the network: no component updates, sync, QUIC or background fetches,
 * so a test browser talks to nothing but the loopback servers the test started.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Starts Chromium with a fresh --user-data-dir (removed by close()). */
export async function launchChromium(): Promise<TestBrowser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'cmf-chromium-'));
  let context: BrowserContext;
  try {
    // The persistent context is how Playwright takes a --user-data-dir of our choosing.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: { width: 900, height: 640 },
    });
  } catch (err) {
    await rm(profile, { recursive: true, force: true });
    throw err;
  }
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}
