/// <reference lib="dom" />
import { ChatView } from './chat-view.js';
import { DemoPage } from './demo-page.js';
import { parsePageConfig } from './page-config.js';

/** Loads /config.json (the gateway and messenger addresses), then starts the page. */
async function boot(): Promise<void> {
  const view = new ChatView(document);
  try {
    const response = await fetch('./config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
    const config = parsePageConfig(await response.json(), location.href);
    new DemoPage(config, view).start();
  } catch (err) {
    view.showNotice(`the page cannot start: ${err instanceof Error ? err.message : String(err)}`, 'error');
  }
}

void boot();
