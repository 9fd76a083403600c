/**
 * The stable error codes of the wire protocol: the `code` of every `error` frame, of every refused
 * room in a `subscribed` reply and of every `unsubscribed` reason. Clients branch on `code` (or
 * `number`) and on `retryable`, never on the message text, so entries are only ever added; a code
 * or number, once published, keeps its meaning.
 *
 * Numbers are grouped in decades so a number alone says where to look:
 *   100-109 the gateway or a service behind it failed (the client is not at fault)
 *   110-119 identity and access (token, room permissions)
 *   120-129 the frame itself (shape, type, size)
 *   130-139 limits (rate, subscription count)
 *   140-149 subscription state (already/not subscribed, positions)
 *
 * `retryable` means the same request may succeed later without change (after a backoff); when it
 * is false, repeating the request as is will fail again.
 */

export interface ErrorCodeInfo {
  readonly number: number;
  readonly retryable: boolean;
  readonly description: string;
}

export const ErrorCodes = {
  internal: {
    number: 100,
    retryable: true,
    description: 'The gateway failed to handle the request; retry with backoff.',
  },
  membership_unavailable: {
    number: 101,
    retryable: true,
    description: 'Room membership could not be checked (the membership service is down); retry with backoff.',
  },
  unauthorized: {
    number: 110,
    retryable: false,
    description: 'The token is missing, invalid or belongs to another user.',
  },
  token_expired: {
    number: 111,
    retryable: false,
    description: 'The token has expired; get a new one and send it in a `refresh` frame.',
  },
  forbidden: {
    number: 112,
    retryable: false,
    description: 'The user may not read this room.',
  },
  bad_frame: {
    number: 120,
    retryable: false,
    description:
      'The frame is not valid JSON or does not have the shape of its type; the message names the field.',
  },
  unknown_type: {
    number: 121,
    retryable: false,
    description: 'The frame type is not part of this protocol version.',
  },
  frame_too_large: {
    number: 122,
    retryable: false,
    description: 'The frame is larger than `limits.maxFrameBytes`.',
  },
  rate_limited: {
    number: 130,
    retryable: true,
    description: 'Too many frames per second (`limits.commandsPerSecond`); slow down and retry.',
  },
  too_many_subscriptions: {
    number: 131,
    retryable: false,
    description: 'The connection already has `limits.maxSubscriptions` rooms; unsubscribe from one first.',
  },
  already_subscribed: {
    number: 140,
    retryable: false,
    description: 'The room is already subscribed on this connection; the existing subscription is unchanged.',
  },
  not_subscribed: {
    number: 141,
    retryable: false,
    description: 'The frame needs a subscription to its room on this connection.',
  },
  invalid_position: {
    number: 142,
    retryable: false,
    description: 'The `since` position cannot come from this stream; subscribe without `since` and refetch.',
  },
} as const satisfies Readonly<Record<string, ErrorCodeInfo>>;

export type ErrorCode = keyof typeof ErrorCodes;

/** Every code, in table order (documentation, tests, metrics labels). */
export const ERROR_CODE_LIST: readonly ErrorCode[] = Object.keys(ErrorCodes) as ErrorCode[];

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ErrorCodes, value);
}
