import { Counter } from './counter.js';

/**
 * What the stand-in counts, served at /metrics. Routes are labelled by their template
 * (`/v1/rooms/{room}/messages`), never the raw path, so a scan of random URLs cannot grow the
 * series without bound.
 */
export class MessengerMetrics {
  readonly requests = new Counter(
    'cmf_messenger_http_requests_total',
    'HTTP requests by route, method and status.',
    ['route', 'method', 'status'] as const,
  );
  readonly errors = new Counter(
    'cmf_messenger_http_errors_total',
    'Refused or failed HTTP requests by route and error code.',
    ['route', 'code'] as const,
  );
  readonly messagesProduced = new Counter(
    'cmf_messenger_messages_produced_total',
    'Chat messages produced to <prefix>.messages, by result (ok, error).',
    ['result'] as const,
  );
  readonly eventsPublished = new Counter(
    'cmf_messenger_events_published_total',
    'Membership events published to <prefix>.events, by type and result (ok, error).',
    ['type', 'result'] as const,
  );
  readonly membershipChecks = new Counter(
    'cmf_messenger_membership_checks_total',
    'Membership API calls, by outcome (answered, refused, fault_fail, fault_hang).',
    ['outcome'] as const,
  );

  render(gauges: { readonly ready: boolean; readonly rooms: number }): string {
    const lines = [
      ...this.requests.render(),
      ...this.errors.render(),
      ...this.messagesProduced.render(),
      ...this.eventsPublished.render(),
      ...this.membershipChecks.render(),
      '# HELP cmf_messenger_ready 1 once the Kafka producer is connected.',
      '# TYPE cmf_messenger_ready gauge',
      `cmf_messenger_ready ${gauges.ready ? 1 : 0}`,
      '# HELP cmf_messenger_rooms Rooms held in memory.',
      '# TYPE cmf_messenger_rooms gauge',
      `cmf_messenger_rooms ${gauges.rooms}`,
    ];
    return lines.join('\n') + '\n';
  }
}
