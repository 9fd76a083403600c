import { createHash, randomBytes } from 'node:crypto';
import { HandshakeRefusedError, RawWsError, RawWsErrorCodes } from './raw-ws-error.js';

/** RFC 6455 4.1: appended to the key before hashing, so only a WebSocket server can answer. */
const ACCEPT_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const HEAD_END = Buffer.from('\r\n\r\n');
/** A response head longer than this is not a WebSocket server's answer. */
export const MAX_HEAD_BYTES = 16 * 1024;

/** Where a `ws://` URL points, and the request target to send. */
export interface UpgradeTarget {
  readonly host: string;
  readonly port: number;
  /** The Host header: host and port as the URL gave them. */
  readonly authority: string;
  /** Path and query. */
  readonly path: string;
}

/** The status and headers of the server's answer to the upgrade. Header names are lower case. */
export interface ResponseHead {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
}

export function upgradeTarget(url: string): UpgradeTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RawWsError(RawWsErrorCodes.unsupportedUrl, `not a URL: ${url}`);
  }
  if (parsed.protocol !== 'ws:') {
    throw new RawWsError(
      RawWsErrorCodes.unsupportedUrl,
      `only ws:// URLs are spoken, not ${parsed.protocol}`,
    );
  }
  return {
    // URL keeps the brackets of an IPv6 literal; net.connect wants the bare address.
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port === '' ? 80 : Number(parsed.port),
    authority: parsed.host,
    path: `${parsed.pathname}${parsed.search}`,
  };
}

/** 16 random bytes, base64: the Sec-WebSocket-Key of one handshake. */
export function newKey(): string {
  return randomBytes(16).toString('base64');
}

/** The Sec-WebSocket-Accept a server must answer `key` with. */
export function acceptFor(key: string): string {
  return createHash('sha1')
    .update(key + ACCEPT_GUID)
    .digest('base64');
}

/** The upgrade request, head only (a GET has no body). No extensions are offered. */
export function upgradeRequest(target: UpgradeTarget, key: string, protocols: readonly string[]): string {
  const lines = [
    `GET ${target.path} HTTP/1.1`,
    `Host: ${target.authority}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${key}`,
    'Sec-WebSocket-Version: 13',
  ];
  if (protocols.length > 0) lines.push(`Sec-WebSocket-Protocol: ${protocols.join(', ')}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Parses a response head (status line and headers, without the blank line). Repeated headers are joined with ", ". */
export function parseResponseHead(head: string): ResponseHead {
  const lines = head.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0] ?? '');
  if (status?.[1] === undefined) {
    throw new RawWsError(
      RawWsErrorCodes.handshakeInvalid,
      `not an HTTP response: ${(lines[0] ?? '').slice(0, 100)}`,
    );
  }
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const seen = headers.get(name);
    headers.set(name, seen === undefined ? value : `${seen}, ${value}`);
  }
  return { status: Number(status[1]), headers };
}

function tokens(value: string | undefined): string[] {
  return (value ?? '').split(',').map((t) => t.trim().toLowerCase());
}

/**
 * Checks a 101 answer (RFC 6455 4.1, as `ws` checks it) and returns the subprotocol the server
 * chose. Offering protocols and getting none back is refused, as `ws` refuses it: the client
 * would otherwise speak a protocol the server did not agree to.
 */
export function checkUpgrade(
  head: ResponseHead,
  key: string,
  protocols: readonly string[],
): string | undefined {
  const invalid = (why: string): RawWsError => new RawWsError(RawWsErrorCodes.handshakeInvalid, why);
  if (!tokens(head.headers.get('upgrade')).includes('websocket'))
    throw invalid('Upgrade header is not websocket');
  if (!tokens(head.headers.get('connection')).includes('upgrade'))
    throw invalid('Connection header lacks upgrade');
  if (head.headers.get('sec-websocket-accept') !== acceptFor(key))
    throw invalid('Sec-WebSocket-Accept does not match the key');
  if (head.headers.has('sec-websocket-extensions'))
    throw invalid('the server chose an extension none was offered');
  const chosen = head.headers.get('sec-websocket-protocol');
  if (chosen === undefined) {
    if (protocols.length > 0) throw invalid('the server chose no subprotocol');
    return undefined;
  }
  if (!protocols.includes(chosen)) throw invalid(`the server chose a subprotocol not offered: ${chosen}`);
  return chosen;
}

/**
 * Gathers the response head from the first chunks of the connection. Once the blank line is in,
 * `push` returns the parsed head and the bytes after it (the start of the body or of the frames),
 * a view valid only until the next push.
 */
export class ResponseHeadReader {
  private gathered = Buffer.alloc(0);

  push(chunk: Buffer, end: number): { head: ResponseHead; rest: Buffer } | undefined {
    // Copied: the chunk may be a read buffer its owner reuses. The head is read once per socket.
    this.gathered = Buffer.concat([this.gathered, chunk.subarray(0, end)]);
    const at = this.gathered.indexOf(HEAD_END);
    if (at < 0) {
      if (this.gathered.length > MAX_HEAD_BYTES) {
        throw new RawWsError(
          RawWsErrorCodes.handshakeInvalid,
          `response head longer than ${String(MAX_HEAD_BYTES)} bytes`,
        );
      }
      return undefined;
    }
    return {
      head: parseResponseHead(this.gathered.toString('latin1', 0, at)),
      rest: this.gathered.subarray(at + HEAD_END.length),
    };
  }
}

/**
 * Reads the body of a refused upgrade: Content-Length bytes when the server sent the header (the
 * gateway does), else everything until the server closes. Chunked bodies are kept as sent.
 */
export class RefusalBodyReader {
  private readonly parts: Buffer[] = [];
  private length = 0;
  private readonly expected: number | undefined;

  constructor(
    private readonly status: number,
    head: ResponseHead,
  ) {
    const declared = Number(head.headers.get('content-length') ?? Number.NaN);
    this.expected = Number.isInteger(declared) && declared >= 0 ? declared : undefined;
  }

  /** Adds body bytes (copied); true once the whole body is in. */
  push(chunk: Buffer, end: number): boolean {
    if (end > 0) {
      this.parts.push(Buffer.from(chunk.subarray(0, end)));
      this.length += end;
    }
    return this.expected !== undefined && this.length >= this.expected;
  }

  /** The refusal with the body read so far (all of it once `push` returned true or the server closed). */
  error(): HandshakeRefusedError {
    const body = Buffer.concat(this.parts).subarray(0, this.expected ?? this.length);
    return new HandshakeRefusedError(this.status, body.toString('utf8'));
  }
}
