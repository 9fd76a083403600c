export { AckKind, ClientFrameType, MAX_ACK_IDS } from './client-frame.js';
export type {
  AckFrame,
  ClientFrame,
  PingFrame,
  PresenceRequestFrame,
  RefreshFrame,
  SubscribeFrame,
  SubscribeRoom,
  TypingFrame,
  UnsubscribeFrame,
} from './client-frame.js';
export { decodeClientFrame } from './decode-client-frame.js';
export type { DecodeOptions } from './decode-client-frame.js';
export { encodeMessageFrame } from './encode-message-frame.js';
export type { MessageFrameSource } from './encode-message-frame.js';
export { encodeServerFrame } from './encode-server-frame.js';
export {
  isFrameId,
  isMessageId,
  isRoomId,
  MAX_FRAME_ID,
  MESSAGE_ID_PATTERN,
  MESSAGE_ID_RULE,
  ROOM_ID_PATTERN,
  ROOM_ID_RULE,
} from './identifiers.js';
export {
  EPOCH_PATTERN,
  isOffset,
  isPartition,
  MAX_OFFSET,
  MAX_PARTITION,
  OFFSET_PATTERN,
} from './position.js';
export type { Position, StreamPosition } from './position.js';
export { ServerFrameType } from './server-frame.js';
export type {
  ConnectionLimits,
  ErrorFrame,
  MessageData,
  MessageFrame,
  PongFrame,
  PresenceChangeFrame,
  PresenceFrame,
  PresenceSnapshotFrame,
  RefreshedFrame,
  ServerFrame,
  SubscribedFrame,
  SubscribeFailure,
  SubscribeResult,
  SubscribeSuccess,
  UnsubscribedFrame,
  UserTypingFrame,
  WelcomeFrame,
} from './server-frame.js';
export { PROTOCOL_VERSION, SUBPROTOCOL, WEBSOCKET_PATH } from './subprotocol.js';
