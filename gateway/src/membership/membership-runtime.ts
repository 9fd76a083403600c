import type { GatewayConfig } from '../config/index.js';
import type { KafkaSecurity } from '../kafka/kafka-client.js';
import type { Logger } from '../log/index.js';
import { FileServiceToken } from './file-service-token.js';
import { MembershipAuthorizer } from './membership-authorizer.js';
import { MembershipClient } from './membership-client.js';
import { MembershipEventApplier, type RoomSubscriptions } from './membership-event-applier.js';
import { MembershipEvents } from './membership-events.js';
import { BanAwareAuthenticator } from './ban-aware-authenticator.js';
import { Revocations } from './revocations.js';
import type { Authenticator } from '../auth/index.js';
import type { RevocationReason } from './revocation-reason.js';
import type { Subscriber } from '../hub/index.js';

/** What membership needs from the rest of the replica; the composition root provides it. */
export interface MembershipHooks {
  readonly hub: RoomSubscriptions;
  /** Tells one connection it lost a room (an `unsubscribed` frame with the reason). */
  readonly notify: (subscriber: Subscriber, room: string, reason: RevocationReason) => void;
  /** Closes every connection of a banned user. */
  readonly disconnect: (userId: string) => void;
}

export interface MembershipRuntimeOptions {
  /** `config.membership` with its URL set. */
  readonly membership: GatewayConfig['membership'] & { readonly url: string };
  readonly kafka: GatewayConfig['kafka'];
  readonly eventsTopic: string;
  /** This replica's own group for the events topic (every replica hears every event). */
  readonly groupId: string;
  readonly security: KafkaSecurity;
}

/**
 * Room membership for one replica: the authorizer that asks the messenger (cache, breaker,
 * stale-if-error) and the events consumer that revokes subscriptions and invalidates the cache
 * when the messenger says a member left, a room went or a user was banned. The two belong
 * together: a cache without invalidation would let a removed member back in for a TTL.
 */
export class MembershipRuntime {
  readonly authorizer: MembershipAuthorizer;
  readonly applier: MembershipEventApplier;
  readonly events: MembershipEvents;
  readonly revocations: Revocations;

  constructor(options: MembershipRuntimeOptions, hooks: MembershipHooks, logger: Logger) {
    const { membership, kafka } = options;
    this.revocations = new Revocations({
      ttlMs: membership.revocationTtlMs,
      maxEntries: membership.cacheMaxEntries,
    });
    const client = new MembershipClient({
      baseUrl: membership.url,
      timeoutMs: membership.timeoutMs,
      ...(membership.tokenFile === undefined
        ? {}
        : { serviceToken: new FileServiceToken(membership.tokenFile) }),
    });
    this.authorizer = new MembershipAuthorizer(
      client,
      {
        allowTtlMs: membership.cacheTtlMs,
        // A denial outliving an allow would be odd: a user just added would wait longer than one removed.
        denyTtlMs: Math.min(membership.denyTtlMs, membership.cacheTtlMs),
        staleIfErrorMs: membership.staleTtlMs,
        maxEntries: membership.cacheMaxEntries,
        timeoutMs: membership.timeoutMs,
        errorThresholdPercentage: membership.breaker.errorPercent,
        volumeThreshold: membership.breaker.volumeThreshold,
        resetTimeoutMs: membership.breaker.resetTimeoutMs,
      },
      logger.child({ component: 'membership' }),
      this.revocations,
    );
    this.authorizer.on('breaker', ({ from, to }) => {
      const level = to === 'closed' ? 'info' : 'warn';
      logger[level]('membership breaker changed state', { from, to });
    });
    this.applier = new MembershipEventApplier({
      hub: hooks.hub,
      cache: this.authorizer,
      notify: hooks.notify,
      disconnect: hooks.disconnect,
      revocations: this.revocations,
    });
    this.events = new MembershipEvents(
      {
        brokers: kafka.brokers,
        clientId: kafka.clientId,
        topic: options.eventsTopic,
        groupId: options.groupId,
        connectTimeoutMs: kafka.connectTimeoutMs,
        retry: kafka.retry,
        maxRestarts: kafka.maxConsumerRestarts,
        security: options.security,
      },
      this.applier,
      logger.child({ component: 'membership-events' }),
    );
  }

  /** `authenticator`, refusing users a ban event named while the ban lasts. */
  guard(authenticator: Authenticator): Authenticator {
    return new BanAwareAuthenticator(authenticator, this.revocations);
  }

  /** Resolves once events are heard: only then may subscriptions be granted from the cache. */
  start(): Promise<void> {
    return this.events.start();
  }

  async stop(): Promise<void> {
    await this.events.stop();
    this.authorizer.close();
  }
}
