import { membershipEventRecord, type MembershipEvent } from '../contract/membership-event-record.js';
import { ApiError, ApiErrorCode } from '../http/api-error.js';
import { KafkaUnavailableError } from '../kafka/record-sink.js';
import { topicName, type MessengerContext } from '../messenger-context.js';
import { formatTraceparent, type TraceContext } from '../trace/trace-context.js';

/**
 * Publishes a membership event after its change is committed (the AsyncAPI asks for that order,
 * so a check made after the event sees the change). When Kafka fails the change stands and the
 * caller gets 503: every membership route republishes its event when repeated, even if the state
 * already matches, so retrying the request is how a lost event is repaired.
 */
export async function publishEvent(
  app: MessengerContext,
  event: MembershipEvent,
  trace: TraceContext,
): Promise<void> {
  const record = membershipEventRecord(event, app.newId(), formatTraceparent(trace));
  try {
    await app.sink.send(topicName(app, 'events'), record);
    app.metrics.eventsPublished.inc({ type: event.type, result: 'ok' });
  } catch (err) {
    app.metrics.eventsPublished.inc({ type: event.type, result: 'error' });
    if (!(err instanceof KafkaUnavailableError)) throw err;
    app.logger.warn('membership event not published', { type: event.type, error: err });
    throw new ApiError(
      ApiErrorCode.KafkaUnavailable,
      `the change is applied but its ${event.type} event could not be published (${err.message}); repeat the request`,
      { 'retry-after': '1' },
    );
  }
}
