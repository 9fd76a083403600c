import type { MessengerApi } from './messenger-api.js';
import { SentLog } from './messenger-api.js';

/**
 * Posts to a room one message after another until stopped, as a busy room does while the
 * platform changes underneath; records what the messenger accepted. A refused post is retried
 * later with new content, never counted.
 */
export class Poster {
  readonly sent = new SentLog();
  refused = 0;
  private running = true;
  private readonly loop: Promise<void>;

  constructor(api: MessengerApi, token: string, room: string, pauseMs = 50) {
    this.loop = (async () => {
      for (let i = 0; this.running; i++) {
        const outcome = await api.post(token, room, `stream ${String(i)}`);
        if (outcome.ok) this.sent.record(room, outcome.id);
        else this.refused += 1;
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    })();
  }

  async stop(): Promise<SentLog> {
    this.running = false;
    await this.loop;
    return this.sent;
  }
}
