export type PostOutcome =
  { readonly ok: true; readonly id: string } | { readonly ok: false; readonly why: string };

/** The messenger stand-in's REST API, as the messenger's users and the scenarios call it. */
export class MessengerApi {
  constructor(private readonly url: string) {}

  /** A user token from the demo endpoint (the same token serves REST and the gateway). */
  async token(userId: string): Promise<string> {
    const res = await fetch(`${this.url}/v1/demo/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId }),
    });
    if (res.status !== 201) throw new Error(`demo token refused: ${String(res.status)} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  }

  /** Posts a message: its id when accepted (201), else why not (status and body, or the network error). */
  async post(token: string, room: string, content: string): Promise<PostOutcome> {
    try {
      const res = await fetch(`${this.url}/v1/rooms/${encodeURIComponent(room)}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ content }),
      });
      const text = await res.text();
      if (res.status !== 201) return { ok: false, why: `${String(res.status)} ${text}` };
      return { ok: true, id: (JSON.parse(text) as { messageId: string }).messageId };
    } catch (err) {
      return { ok: false, why: err instanceof Error ? err.message : String(err) };
    }
  }
}

/** Messages posted per room, in the order the messenger accepted them. */
export class SentLog {
  private readonly byRoom = new Map<string, string[]>();

  record(room: string, id: string): void {
    const list = this.byRoom.get(room) ?? [];
    list.push(id);
    this.byRoom.set(room, list);
  }

  ids(room: string): readonly string[] {
    return this.byRoom.get(room) ?? [];
  }

  get rooms(): readonly string[] {
    return [...this.byRoom.keys()];
  }
}

/** Posts `count` messages to a room one after the other, recording each accepted one. */
export async function postMany(
  api: MessengerApi,
  token: string,
  room: string,
  count: number,
  sent: SentLog,
  label: string,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    const outcome = await api.post(token, room, `${label} ${String(i)}`);
    if (!outcome.ok) throw new Error(`the messenger refused message ${String(i)} to ${room}: ${outcome.why}`);
    sent.record(room, outcome.id);
  }
}
