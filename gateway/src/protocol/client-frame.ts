import type { StreamPosition } from './position.js';

/** Client -> server frame types. */
export const ClientFrameType = {
  Subscribe: 'subscribe',
  Unsubscribe: 'unsubscribe',
  Ping: 'ping',
  Typing: 'typing',
  Ack: 'ack',
  Presence: 'presence',
  Refresh: 'refresh',
} as const;
export type ClientFrameType = (typeof ClientFrameType)[keyof typeof ClientFrameType];

export const AckKind = {
  Delivered: 'delivered',
  Read: 'read',
} as const;
export type AckKind = (typeof AckKind)[keyof typeof AckKind];

/** At most this many message ids in one `ack` frame. */
export const MAX_ACK_IDS = 100;

export interface SubscribeRoom {
  readonly room: string;
  /** The last position the client saw in this room; asks the server to replay what came after. */
  readonly since?: StreamPosition;
}

export interface SubscribeFrame {
  readonly type: 'subscribe';
  readonly id: number;
  readonly rooms: readonly SubscribeRoom[];
}

export interface UnsubscribeFrame {
  readonly type: 'unsubscribe';
  readonly id: number;
  readonly rooms: readonly string[];
}

export interface PingFrame {
  readonly type: 'ping';
  readonly id: number;
}

/** The user is typing in a room; no reply. */
export interface TypingFrame {
  readonly type: 'typing';
  readonly room: string;
}

/** Delivery or read receipts for messages of a room; no reply. */
export interface AckFrame {
  readonly type: 'ack';
  readonly room: string;
  readonly kind: AckKind;
  readonly ids: readonly string[];
}

/** Asks for a snapshot of who is present in a room. */
export interface PresenceRequestFrame {
  readonly type: 'presence';
  readonly id: number;
  readonly room: string;
}

/** Replaces the connection's token before it expires. */
export interface RefreshFrame {
  readonly type: 'refresh';
  readonly id: number;
  readonly token: string;
}

export type ClientFrame =
  | SubscribeFrame
  | UnsubscribeFrame
  | PingFrame
  | TypingFrame
  | AckFrame
  | PresenceRequestFrame
  | RefreshFrame;
