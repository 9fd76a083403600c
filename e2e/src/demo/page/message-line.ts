import type { ClientMessage } from '@cmf/gateway/client';

export interface MessageLine {
  readonly id: string;
  readonly room: string;
  readonly sender: string;
  /** HH:MM:SS in the viewer's time zone, or '' when the message carries no usable time. */
  readonly time: string;
  readonly content: string;
  /** partition:offset, shown on hover: the order the gateway delivered in. */
  readonly position: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** sentTimestamp is ISO-8601 text or epoch milliseconds (gateway/asyncapi.yaml). */
export function formatTime(sentTimestamp: unknown): string {
  const date =
    typeof sentTimestamp === 'number' || typeof sentTimestamp === 'string'
      ? new Date(sentTimestamp)
      : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) return '';
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** What one chat line shows; fields the messenger did not send render as blanks, never crash. */
export function messageLine(message: ClientMessage): MessageLine {
  const data = message.data;
  return {
    id: message.id,
    room: message.room,
    sender: typeof data['senderId'] === 'string' ? data['senderId'] : '?',
    time: formatTime(data['sentTimestamp']),
    content: typeof data['content'] === 'string' ? data['content'] : JSON.stringify(data['content'] ?? ''),
    position: `${message.position.partition}:${message.position.offset}`,
  };
}
