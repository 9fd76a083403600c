/** A refusal from the messenger's REST API: its status and `{ error: { code, message } }`. */
export class MessengerApiError extends Error {
  override readonly name = 'MessengerApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface DemoToken {
  readonly token: string;
  readonly expiresAt: number;
}

export interface PostedMessage {
  readonly messageId: string;
  readonly partition: number;
  readonly offset: string;
}

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** The few messenger REST calls the demo page makes (DESIGN.md of the messenger stand-in). */
export class MessengerApi {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn: Fetch = (input, init) => fetch(input, init),
  ) {}

  /** DEMO ONLY: the stand-in signs a token for whoever asks (CMF_MESSENGER_DEMO_TOKENS=true). */
  demoToken(userId: string): Promise<DemoToken> {
    return this.call<DemoToken>('POST', '/v1/demo/token', undefined, { userId });
  }

  createRoom(token: string, roomId: string, members: readonly string[]): Promise<unknown> {
    return this.call('POST', '/v1/rooms', token, { roomId, members });
  }

  postMessage(token: string, room: string, content: string): Promise<PostedMessage> {
    return this.call<PostedMessage>('POST', `/v1/rooms/${encodeURIComponent(room)}/messages`, token, {
      content,
    });
  }

  private async call<T>(method: string, path: string, token: string | undefined, body: unknown): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    let response: Response;
    try {
      response = await this.fetchFn(this.baseUrl + path, { method, headers, body: JSON.stringify(body) });
    } catch (err) {
      throw new MessengerApiError(0, 'unreachable', `messenger unreachable: ${(err as Error).message}`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      throw new MessengerApiError(
        response.status,
        typeof error?.code === 'string' ? error.code : `http_${response.status}`,
        typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`,
      );
    }
    return parsed as T;
  }
}
