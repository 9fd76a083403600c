export {
  CloseCodes,
  closeCodeName,
  RECONNECT_CLOSE_CODES,
  shouldReconnect,
  TERMINAL_CLOSE_CODES,
} from './close-codes.js';
export type { CloseCode, CloseCodeInfo, CloseCodeName } from './close-codes.js';
export { closeReason, MAX_CLOSE_REASON_BYTES, truncateCloseReason } from './close-reason.js';
export { ERROR_CODE_LIST, ErrorCodes, isErrorCode } from './error-codes.js';
export type { ErrorCode, ErrorCodeInfo } from './error-codes.js';
export { errorPayload } from './error-payload.js';
export type { ErrorPayload } from './error-payload.js';
export { GatewayError, ProtocolError } from './gateway-error.js';
export type { GatewayErrorOptions, ProtocolErrorCode, ProtocolErrorOptions } from './gateway-error.js';
