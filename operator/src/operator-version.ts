import { packageVersion } from '@cmf/gateway/telemetry';

/** The operator package's version (service.version of its telemetry). */
export function operatorVersion(): string {
  return packageVersion('@cmf/operator', import.meta.url);
}
