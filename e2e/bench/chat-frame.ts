/**
 * The bytes the benchmark sends. Records follow the messages-topic contract (key = chatRoomId,
 * value = ChatMessage JSON, `message-id` header). `sentTimestamp` comes before `content` so the
 * clients' byte search for it stops early; the gateway passes fields through in order.
 */

export function chatMessageValue(room: string, sentTimestamp: number, content: string): string {
  return JSON.stringify({ chatRoomId: room, senderId: 'bench-sender', sentTimestamp, content });
}

/** Filler of exactly `bytes` ASCII characters (JSON-safe, so encoded size = length). */
export function filler(bytes: number): string {
  return 'x'.repeat(Math.max(0, bytes));
}

/**
 * A `message` frame shaped like the gateway's (same fields, same order), padded to exactly
 * `frameBytes` so the baseline moves as many bytes per delivery as the gateway did.
 */
export function messageFrameOfSize(room: string, sentTimestamp: number, frameBytes: number): Buffer {
  const frame = (content: string): string =>
    JSON.stringify({
      type: 'message',
      room,
      id: 'baseline-message-00000000',
      position: { partition: 0, offset: '0' },
      data: JSON.parse(chatMessageValue(room, sentTimestamp, content)) as unknown,
    });
  const bare = Buffer.byteLength(frame(''));
  if (bare > frameBytes)
    throw new Error(`a message frame needs at least ${bare} bytes, asked for ${frameBytes}`);
  return Buffer.from(frame(filler(frameBytes - bare)), 'utf8');
}
