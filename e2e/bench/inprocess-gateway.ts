import fs from 'node:fs';
import os from 'node:os';
import { createLogger, Gateway, parseGatewayConfig } from '@cmf/gateway';
import { AuthSidecar, InProcessAuthenticator, parseSidecarConfig } from '@cmf/gateway/sidecar';
import type { InProcessGatewayApi } from './handshake-api.js';
import { serveRequests } from './ipc.js';

// The handshake benchmark's baseline: the same gateway, configured from the same CMF_* and
// CMF_SIDECAR_* variables as the pod's two containers, but verifying tokens in its own process
// (InProcessAuthenticator over the sidecar's decisions) instead of asking the sidecar over
// loopback HTTP. The difference between the two is what the sidecar hop costs.

async function start(): Promise<{ port: number }> {
  const sidecarEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k.startsWith('CMF_SIDECAR_')),
  );
  const gatewayEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('CMF_SIDECAR_')),
  );
  const logger = createLogger('warn');
  const sidecar = await AuthSidecar.create(
    parseSidecarConfig({
      env: sidecarEnv,
      argv: [],
      readFile: (path) => fs.readFileSync(path, 'utf8'),
    }),
    { logger, readFile: (path) => fs.readFileSync(path) },
  );
  // Its listeners are unused here (ephemeral loopback ports); starting it starts its key sources.
  await sidecar.start();
  const config = parseGatewayConfig({ env: gatewayEnv, argv: [], hostname: os.hostname() });
  const gateway = new Gateway(config, {
    logger,
    authenticator: new InProcessAuthenticator(sidecar.decisions),
  });
  const { port } = await gateway.start();
  return { port };
}

serveRequests<InProcessGatewayApi>({ start: () => start() });
