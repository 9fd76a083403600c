import { chatMessageRecord } from '../contract/chat-message-record.js';
import { isUserId, USER_ID_RULE } from '../contract/identifiers.js';
import { ApiError, ApiErrorCode } from '../http/api-error.js';
import { badField, rejectUnknownFields, requireObject } from '../http/json-fields.js';
import type { Reply, RequestContext, Route } from '../http/route.js';
import { KafkaUnavailableError } from '../kafka/record-sink.js';
import { topicName, type MessengerContext } from '../messenger-context.js';
import { formatTraceparent } from '../trace/trace-context.js';
import { authenticateUser } from './authenticate-user.js';
import { requireMember, roomParam } from './room-routes.js';

const MAX_ALLOWED_USERS = 1000;

interface MessageInput {
  readonly content: string;
  readonly allowedUserIds: readonly string[] | undefined;
}

function readMessage(body: unknown, maxContentLength: number): MessageInput {
  const fields = requireObject(body);
  rejectUnknownFields(fields, ['content', 'allowedUserIds']);
  const content = fields['content'];
  if (typeof content !== 'string' || content.trim() === '') throw badField('content', 'a non-empty string');
  // UTF-16 units, as Java's String.length() (and so a Spring @Size bound) counts them.
  if (content.length > maxContentLength) {
    throw badField('content', `at most ${maxContentLength} characters`);
  }
  const allowed = fields['allowedUserIds'];
  if (allowed === undefined) return { content, allowedUserIds: undefined };
  if (!Array.isArray(allowed) || allowed.length > MAX_ALLOWED_USERS || !allowed.every(isUserId)) {
    throw badField('allowedUserIds', `an array of at most ${MAX_ALLOWED_USERS} user ids (${USER_ID_RULE})`);
  }
  return { content, allowedUserIds: [...new Set(allowed)] };
}

/**
 * Stores (here: accepts) a message from a member and produces it to `<prefix>.messages`, then
 * answers with where it landed. The id is assigned here, as the messenger's database would.
 */
async function postMessage(app: MessengerContext, request: RequestContext): Promise<Reply> {
  const caller = await authenticateUser(app, request);
  const room = roomParam(request);
  const input = readMessage(await request.body(), app.config.limits.maxContentLength);
  requireMember(app, room, caller);
  const messageId = app.newId();
  const sentTimestamp = new Date(app.now()).toISOString();
  const record = chatMessageRecord({
    messageId,
    room,
    senderId: caller.userId,
    content: input.content,
    sentTimestamp,
    traceparent: formatTraceparent(request.trace),
    ...(input.allowedUserIds === undefined ? {} : { allowedUserIds: input.allowedUserIds }),
  });
  try {
    const position = await app.sink.send(topicName(app, 'messages'), record);
    app.metrics.messagesProduced.inc({ result: 'ok' });
    app.logger.debug('message produced', { messageId, room, ...position });
    return {
      status: 201,
      body: { messageId, room, partition: position.partition, offset: position.offset, sentTimestamp },
    };
  } catch (err) {
    app.metrics.messagesProduced.inc({ result: 'error' });
    if (!(err instanceof KafkaUnavailableError)) throw err;
    throw new ApiError(ApiErrorCode.KafkaUnavailable, `the message was not stored: ${err.message}`, {
      'retry-after': '1',
    });
  }
}

export function messageRoutes(app: MessengerContext): Route[] {
  return [{ method: 'POST', template: '/v1/rooms/{room}/messages', handle: (r) => postMessage(app, r) }];
}
