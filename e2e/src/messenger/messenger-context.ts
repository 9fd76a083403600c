import type { DemoTokenIssuer } from './auth/demo-token-issuer.js';
import type { ServiceTokenGuard } from './auth/service-token-guard.js';
import type { SigningKey } from './auth/signing-key.js';
import type { UserTokenVerifier } from './auth/user-token-verifier.js';
import type { MessengerConfig } from './config/messenger-config.js';
import type { MembershipFaults } from './faults/membership-faults.js';
import type { RecordSink } from './kafka/record-sink.js';
import type { Logger } from './log/logger.js';
import type { MessengerMetrics } from './metrics/messenger-metrics.js';
import type { RoomDirectory } from './rooms/room-directory.js';

/** Everything the route handlers share; built once by `Messenger` (or by a test, with fakes). */
export interface MessengerContext {
  readonly config: MessengerConfig;
  readonly rooms: RoomDirectory;
  readonly sink: RecordSink;
  readonly key: SigningKey;
  readonly verifier: UserTokenVerifier;
  readonly demoTokens: DemoTokenIssuer;
  readonly serviceToken: ServiceTokenGuard;
  readonly faults: MembershipFaults;
  readonly metrics: MessengerMetrics;
  readonly logger: Logger;
  /** Why the stand-in is not ready (empty: ready). */
  readonly notReadyReasons: () => readonly string[];
  readonly newId: () => string;
  readonly now: () => number;
}

export function topicName(context: MessengerContext, name: 'messages' | 'events'): string {
  return `${context.config.kafka.topicPrefix}.${name}`;
}
