import { parseGatewayConfig } from '@cmf/gateway';
import { ConfigError } from '@cmf/gateway/config';
import { RenderError } from './render-error.js';

/**
 * Runs the gateway's own configuration parser over the variables rendered for it, so that a value
 * the gateway would refuse at start becomes the ChatGateway's InvalidSpec condition rather than
 * pods that crash-loop. The CRD checks every field already; this is the backstop for what its
 * schema cannot see (an object stored under an older CRD, a gateway stricter than the CRD), in
 * the gateway's own words, with no second parser to drift from the gateway's.
 *
 * `podName` stands for what the Downward API gives the pod (CMF_POD_NAME is not in the
 * ConfigMap); the namespace takes the gateway's default, which is valid like any real one.
 */
export function checkGatewayEnvironment(env: Readonly<Record<string, string>>, podName: string): void {
  try {
    parseGatewayConfig({ env, argv: [], hostname: podName });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // Each field's description in the CRD names the CMF_* variable it sets.
    throw new RenderError(`the gateway would refuse its configuration: ${err.problems.join('; ')}`);
  }
}
