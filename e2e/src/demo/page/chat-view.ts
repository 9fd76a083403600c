/// <reference lib="dom" />
import type { ConnectionLabel } from './connection-label.js';
import type { MessageLine } from './message-line.js';

export type NoticeKind = 'info' | 'error';

/** The element with this id, of the type the page's HTML gives it. */
function element<T extends HTMLElement>(doc: Document, id: string, type: new () => T): T {
  const found = doc.getElementById(id);
  if (!(found instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return found;
}

/** Every DOM write of the page; it renders what it is given and decides nothing. */
export class ChatView {
  readonly signIn: HTMLFormElement;
  readonly user: HTMLInputElement;
  readonly join: HTMLFormElement;
  readonly room: HTMLInputElement;
  readonly members: HTMLInputElement;
  readonly createButton: HTMLButtonElement;
  readonly compose: HTMLFormElement;
  readonly text: HTMLInputElement;
  private readonly connection: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly roomTitle: HTMLElement;
  private readonly presence: HTMLElement;
  private readonly messages: HTMLOListElement;
  private readonly typing: HTMLElement;
  private readonly joinButton: HTMLButtonElement;
  private readonly sendButton: HTMLButtonElement;

  constructor(private readonly doc: Document) {
    this.signIn = element(doc, 'sign-in', HTMLFormElement);
    this.user = element(doc, 'user', HTMLInputElement);
    this.join = element(doc, 'join', HTMLFormElement);
    this.room = element(doc, 'room', HTMLInputElement);
    this.members = element(doc, 'members', HTMLInputElement);
    this.createButton = element(doc, 'create-button', HTMLButtonElement);
    this.compose = element(doc, 'compose', HTMLFormElement);
    this.text = element(doc, 'text', HTMLInputElement);
    this.connection = element(doc, 'connection', HTMLElement);
    this.notice = element(doc, 'notice', HTMLElement);
    this.roomTitle = element(doc, 'room-title', HTMLElement);
    this.presence = element(doc, 'presence', HTMLElement);
    this.messages = element(doc, 'messages', HTMLOListElement);
    this.typing = element(doc, 'typing', HTMLElement);
    this.joinButton = element(doc, 'join-button', HTMLButtonElement);
    this.sendButton = element(doc, 'send-button', HTMLButtonElement);
  }

  showConnection(label: ConnectionLabel): void {
    this.connection.dataset['state'] = label.state;
    this.connection.textContent = label.text;
  }

  showNotice(text: string, kind: NoticeKind = 'info'): void {
    this.notice.dataset['kind'] = kind;
    this.notice.textContent = text;
  }

  /** Join and create need a signed-in user; composing needs a joined room. */
  enable(parts: { readonly join: boolean; readonly compose: boolean }): void {
    this.joinButton.disabled = !parts.join;
    this.createButton.disabled = !parts.join;
    this.text.disabled = !parts.compose;
    this.sendButton.disabled = !parts.compose;
  }

  showRoom(room: string | undefined, lines: readonly MessageLine[], ownUser: string | undefined): void {
    this.roomTitle.textContent = room === undefined ? 'No room joined' : `Room ${room}`;
    this.messages.replaceChildren(...lines.map((line) => this.lineItem(line, ownUser)));
  }

  appendMessage(line: MessageLine, ownUser: string | undefined): void {
    this.messages.append(this.lineItem(line, ownUser));
    this.messages.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }

  showTyping(users: readonly string[]): void {
    this.typing.textContent =
      users.length === 0 ? '' : `${users.join(', ')} ${users.length === 1 ? 'is' : 'are'} typing…`;
  }

  showPresence(users: readonly string[]): void {
    this.presence.textContent = users.length === 0 ? '' : `here: ${users.join(', ')}`;
  }

  private lineItem(line: MessageLine, ownUser: string | undefined): HTMLLIElement {
    const item = this.doc.createElement('li');
    item.dataset['id'] = line.id;
    item.dataset['sender'] = line.sender;
    item.title = `message ${line.id} at ${line.position}`;
    if (line.sender === ownUser) item.classList.add('own');
    for (const [className, text] of [
      ['time', line.time],
      ['sender', line.sender],
      ['content', line.content],
    ] as const) {
      const span = this.doc.createElement('span');
      span.className = className;
      span.textContent = text;
      item.append(span);
    }
    return item;
  }
}
