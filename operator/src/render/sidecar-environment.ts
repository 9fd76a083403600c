import type { ChatGateway } from '../api/v1alpha1/index.js';
import { gatewayDuration } from './duration.js';
import type { PodFiles } from './pod-files.js';
import { ContainerPort, ListenHost } from './pod-layout.js';

// The sidecar's bound on CMF_SIDECAR_RATE_LIMIT_PER_MINUTE (gateway/src/sidecar/sidecar-options.ts).
// The CRD allows up to 100000 per second; above this bound a limit is no limit in practice, and
// passing it would stop the sidecar from starting.
const MAX_HANDSHAKES_PER_MINUTE = 1_000_000;

/**
 * The sidecar's CMF_SIDECAR_* variables (gateway/src/sidecar/sidecar-options.ts). Its API listens
 * on loopback only; its admin port (probes, metrics) on every interface.
 */
export function sidecarEnvironment(gateway: ChatGateway, files: PodFiles): Readonly<Record<string, string>> {
  const { auth } = gateway.spec;
  const env: Record<string, string> = {
    CMF_SIDECAR_LISTEN_HOST: ListenHost.Loopback,
    CMF_SIDECAR_LISTEN_PORT: String(ContainerPort.SidecarApi),
    CMF_SIDECAR_ADMIN_HOST: ListenHost.Any,
    CMF_SIDECAR_ADMIN_PORT: String(ContainerPort.SidecarAdmin),
    CMF_SIDECAR_ISSUERS_FILE: files.sidecarConfig.issuersFile,
    CMF_SIDECAR_CLIENT_TOKEN_FILE: files.sidecarToken.file,
    CMF_SIDECAR_CLOCK_TOLERANCE: `${auth.clockToleranceSeconds}s`,
    CMF_SIDECAR_ROOMS_CLAIM: auth.roomsClaim,
    CMF_SIDECAR_QUERY_TOKEN: String(auth.queryToken),
    CMF_SIDECAR_LOG_LEVEL: gateway.spec.logLevel,
  };
  if (auth.maxTokenAge !== undefined) {
    env['CMF_SIDECAR_MAX_TOKEN_AGE'] = gatewayDuration(auth.maxTokenAge, 'spec.auth.maxTokenAge');
  }
  if (auth.allowedOrigins !== undefined && auth.allowedOrigins.length > 0) {
    env['CMF_SIDECAR_ALLOWED_ORIGINS'] = auth.allowedOrigins.join(',');
  }
  const rate = auth.handshakeRateLimit;
  if (rate !== undefined) {
    env['CMF_SIDECAR_RATE_LIMIT_PER_MINUTE'] = String(
      Math.min(rate.perSecond * 60, MAX_HANDSHAKES_PER_MINUTE),
    );
    env['CMF_SIDECAR_RATE_LIMIT_BURST'] = String(rate.burst);
  }
  return env;
}
