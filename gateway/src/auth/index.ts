export { ClaimAuthorizer } from './claim-authorizer.js';
export { readClientTokenFile } from './client-token-file.js';
export { SidecarAuthenticator, type SidecarAuthenticatorOptions } from './sidecar-authenticator.js';
export { DevHs256Authenticator, type DevHs256Options } from './dev-hs256-authenticator.js';
export {
  AuthFailure,
  authFailureStatus,
  type AuthResult,
  type Authenticator,
  type Authorizer,
  type HandshakeRequest,
  type Identity,
  type RoomDecision,
} from './identity.js';
export {
  extractToken,
  offeredProtocols,
  offersSubprotocol,
  TOKEN_PROTOCOL_PREFIX,
} from './token-transport.js';
