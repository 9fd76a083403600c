export { AuthDetail, authDetails, type DetailEntry } from './auth-detail.js';
export { InProcessAuthenticator } from './in-process-authenticator.js';
export { AuthSidecar, type AuthSidecarDeps, type ListeningPorts } from './auth-sidecar.js';
export {
  decisionStatus,
  refuse,
  type Accepted,
  type Decision,
  type Refused,
  type VerifiedIdentity,
} from './decision.js';
export {
  KeySourceKind,
  type IssuerConfig,
  type KeySourceConfig,
  type PublicKeyFile,
} from './issuer-config.js';
export { ASYMMETRIC_ALGORITHMS, JwsAlgorithm } from './jws-algorithm.js';
export { JWKS_UNAVAILABLE, JwksUnavailableError } from './jwks-unavailable-error.js';
export { parseSidecarConfig, type SidecarConfigInput } from './parse-sidecar-config.js';
export type { SidecarConfig, SidecarOptionKey } from './sidecar-config.js';
export { sidecarHelp } from './sidecar-help.js';
export { SIDECAR_ENV_PREFIX, sidecarOptions, sidecarSections } from './sidecar-options.js';
