import type { KafkaRecord } from './kafka-record.js';

/** Header names of the messages topic (gateway/asyncapi.yaml). */
export const MESSAGE_ID_HEADER = 'message-id';
export const TRACEPARENT_HEADER = 'traceparent';

export interface ChatMessageInput {
  readonly messageId: string;
  readonly room: string;
  readonly senderId: string;
  readonly content: string;
  readonly sentTimestamp: string;
  readonly traceparent: string;
  readonly allowedUserIds?: readonly string[];
}

/**
 * The record the Spring Boot messenger produces for one stored message: key = chatRoomId (a
 * room's order is its partition's order), value = the ChatMessage JSON, `message-id` and
 * `traceparent` headers. `messageId` is also in the value, the contract's fallback when a hop
 * drops headers.
 */
export function chatMessageRecord(input: ChatMessageInput): KafkaRecord {
  const value = {
    chatRoomId: input.room,
    senderId: input.senderId,
    content: input.content,
    sentTimestamp: input.sentTimestamp,
    messageId: input.messageId,
    ...(input.allowedUserIds === undefined ? {} : { allowedUserIds: [...input.allowedUserIds] }),
  };
  return {
    key: input.room,
    value: JSON.stringify(value),
    headers: { [MESSAGE_ID_HEADER]: input.messageId, [TRACEPARENT_HEADER]: input.traceparent },
  };
}
