import type { ErrorPayload } from '../errors/index.js';
import type { Position } from './position.js';

/** Server -> client frame types. */
export const ServerFrameType = {
  Welcome: 'welcome',
  Subscribed: 'subscribed',
  Unsubscribed: 'unsubscribed',
  Message: 'message',
  Error: 'error',
  Pong: 'pong',
  Typing: 'typing',
  Presence: 'presence',
  Refreshed: 'refreshed',
} as const;
export type ServerFrameType = (typeof ServerFrameType)[keyof typeof ServerFrameType];

/** The connection's limits, announced so that clients can stay within them. */
export interface ConnectionLimits {
  readonly maxFrameBytes: number;
  readonly maxSubscriptions: number;
  readonly commandsPerSecond: number;
  readonly maxRoomsPerFrame: number;
}

/** First frame of every connection; nothing else is sent before it. */
export interface WelcomeFrame {
  readonly type: 'welcome';
  readonly protocol: number;
  readonly connectionId: string;
  readonly userId: string;
  /** The server sends a WebSocket ping this often and closes 4003 when no pong follows. */
  readonly heartbeatMs: number;
  /** Token expiry (epoch ms); absent when the token does not expire. Refresh before it. */
  readonly expiresAt?: number;
  readonly limits: ConnectionLimits;
}

export interface SubscribeSuccess {
  readonly room: string;
  readonly ok: true;
  /** The room's stream position now (null while its partition is empty); later messages are live. */
  readonly position: Position | null;
  /** True when every message after `since` follows this reply; false: refetch the room. */
  readonly recovered: boolean;
  /** How many recovered `message` frames follow for this room (0 when not recovered). */
  readonly missed: number;
}

export interface SubscribeFailure {
  readonly room: string;
  readonly ok: false;
  readonly error: ErrorPayload;
}

export type SubscribeResult = SubscribeSuccess | SubscribeFailure;

/** Reply to `subscribe`, one result per requested room, in request order. */
export interface SubscribedFrame {
  readonly type: 'subscribed';
  readonly id: number;
  /** The stream epoch every position of this connection belongs to. */
  readonly epoch: string;
  readonly rooms: readonly SubscribeResult[];
}

/** Reply to `unsubscribe` (with `id`), or a server-initiated removal (without, with `reason`). */
export interface UnsubscribedFrame {
  readonly type: 'unsubscribed';
  readonly id?: number;
  readonly rooms: readonly string[];
  readonly reason?: ErrorPayload;
}

/** The messenger's ChatMessage; fields beyond these are passed through unchanged. */
export interface MessageData {
  readonly chatRoomId: string;
  readonly senderId: string;
  readonly content: string;
  readonly sentTimestamp: string | number;
  readonly [field: string]: unknown;
}

export interface MessageFrame {
  readonly type: 'message';
  readonly room: string;
  readonly id: string;
  readonly position: Position;
  readonly data: MessageData;
  /** W3C trace context of the producing request, when the record carried one. */
  readonly traceparent?: string;
}

export interface ErrorFrame {
  readonly type: 'error';
  /** The `id` of the frame this answers, when it had a readable one. */
  readonly id?: number;
  readonly error: ErrorPayload;
}

export interface PongFrame {
  readonly type: 'pong';
  readonly id: number;
}

/** Another user is typing in a subscribed room. */
export interface UserTypingFrame {
  readonly type: 'typing';
  readonly room: string;
  readonly userId: string;
}

/** Reply to a `presence` request: everyone present now. */
export interface PresenceSnapshotFrame {
  readonly type: 'presence';
  readonly id: number;
  readonly room: string;
  readonly users: readonly string[];
}

/** Pushed when users join or leave a subscribed room. */
export interface PresenceChangeFrame {
  readonly type: 'presence';
  readonly room: string;
  readonly joined?: readonly string[];
  readonly left?: readonly string[];
}

export type PresenceFrame = PresenceSnapshotFrame | PresenceChangeFrame;

export interface RefreshedFrame {
  readonly type: 'refreshed';
  readonly id: number;
  /** Expiry of the new token (epoch ms). */
  readonly expiresAt: number;
}

export type ServerFrame =
  | WelcomeFrame
  | SubscribedFrame
  | UnsubscribedFrame
  | MessageFrame
  | ErrorFrame
  | PongFrame
  | UserTypingFrame
  | PresenceFrame
  | RefreshedFrame;
