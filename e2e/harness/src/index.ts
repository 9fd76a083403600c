export { ControlPlane, type ControlPlaneOptions } from './control-plane.js';
export { helm, type HelmResult } from './helm.js';
export { InfraScriptError, runInfraScript, uniqueInstance } from './infra-script.js';
export {
  KafkaBroker,
  type KafkaBrokerCredentials,
  type KafkaBrokerOptions,
  type KafkaBrokerSecurity,
  type KafkaBrokerTls,
  type KafkaSaslMechanism,
} from './kafka-broker.js';
export { freePort, freePorts } from './ports.js';
export { binDir, cacheDir, infraDir, repoRoot, runDir } from './paths.js';
export { GatewayProcess, type GatewayProcessOptions } from './gateway-process.js';
export { AuthSidecarProcess, type AuthSidecarProcessOptions } from './auth-sidecar-process.js';
export { ChildProcessLogs } from './child-process-logs.js';
export { LoopbackProcess, spawnNodeScript } from './loopback-process.js';
export { eventually } from './eventually.js';
