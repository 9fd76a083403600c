import type { Page } from 'playwright-core';

export interface ShownLine {
  readonly id: string;
  readonly time: string;
  readonly sender: string;
  readonly content: string;
  /** `message <id> at <partition>:<offset>` */
  readonly title: string;
}

/** The demo page as a person uses it: through its form fields, buttons and what it shows. */
export class ChatPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.waitForSelector('#connection[data-state="idle"]');
  }

  async signIn(userId: string): Promise<void> {
    await this.page.fill('#user', userId);
    await this.page.click('#sign-in-button');
    await this.page.waitForSelector('#join-button:not([disabled])', { timeout: 60_000 });
  }

  /** Fills in the room and presses Join; what happened shows in the notice. */
  async join(room: string): Promise<void> {
    await this.page.fill('#room', room);
    await this.page.click('#join-button');
  }

  async joined(room: string): Promise<void> {
    await this.join(room);
    await this.page.waitForSelector(`#room-title:text-is("Room ${room}")`, { timeout: 60_000 });
  }

  async type(text: string): Promise<void> {
    await this.page.fill('#text', '');
    await this.page.locator('#text').pressSequentially(text);
  }

  /** Types a message and presses Enter. */
  async send(text: string): Promise<void> {
    await this.page.fill('#text', text);
    await this.page.press('#text', 'Enter');
  }

  lines(): Promise<ShownLine[]> {
    return this.page.$$eval('#messages li', (items) =>
      items.map((item) => ({
        id: item.getAttribute('data-id') ?? '',
        time: item.querySelector('.time')?.textContent ?? '',
        sender: item.querySelector('.sender')?.textContent ?? '',
        content: item.querySelector('.content')?.textContent ?? '',
        title: item.getAttribute('title') ?? '',
      })),
    );
  }

  async contents(): Promise<string[]> {
    return (await this.lines()).map((line) => line.content);
  }

  async connection(): Promise<{ state: string; text: string }> {
    const status = this.page.locator('#connection');
    return {
      state: (await status.getAttribute('data-state')) ?? '',
      text: (await status.textContent()) ?? '',
    };
  }

  async notice(): Promise<{ kind: string; text: string }> {
    const notice = this.page.locator('#notice');
    return { kind: (await notice.getAttribute('data-kind')) ?? '', text: (await notice.textContent()) ?? '' };
  }

  async text(selector: string): Promise<string> {
    return (await this.page.locator(selector).textContent()) ?? '';
  }
}
