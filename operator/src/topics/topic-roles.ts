/**
 * The five topics of a ChatGateway, by role. The names follow the gateway's own rule
 * (gateway/src/config/kafka-topics.ts: `<prefix>.<role>`); both sides must agree, so a change
 * here is a change there.
 */
export const TopicRole = {
  /** Chat messages from Spring Boot, key = chatRoomId. */
  Messages: 'messages',
  /** Membership and room lifecycle events from Spring Boot. */
  Events: 'events',
  /** Typing and presence between gateway replicas. */
  Signals: 'signals',
  /** Delivered/read receipts and connection events, for Spring Boot. */
  Receipts: 'receipts',
  /** Records the gateway could not parse or validate. */
  Dlq: 'dlq',
} as const;
export type TopicRole = (typeof TopicRole)[keyof typeof TopicRole];

/** Every role, in the order topics are reported. */
export const topicRoles: readonly TopicRole[] = Object.values(TopicRole);

export function topicName(prefix: string, role: TopicRole): string {
  return `${prefix}.${role}`;
}
