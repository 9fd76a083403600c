#!/usr/bin/env node
// cmf-node-agent: runs a NodeAgent (and optionally a ServiceProxy) against a kubeconfig until SIGTERM/SIGINT.
// Flags (or CMF_NODE_AGENT_* env): --kubeconfig (KUBECONFIG), --node-name, --state-dir, --service-proxy.
// CMF_OWNER_PID: stop everything when that process exits (tests).
import { parseArgs } from 'node:util';
import { ServiceProxy } from '../service-proxy/index.js';
import { NodeAgent } from './node-agent.js';
import { NodeAgentError } from './errors.js';

async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      kubeconfig: { type: 'string' },
      'node-name': { type: 'string' },
      'state-dir': { type: 'string' },
      'service-proxy': { type: 'boolean' },
    },
  });
  const kubeconfig = values.kubeconfig ?? env['KUBECONFIG'] ?? '';
  const nodeName = values['node-name'] ?? env['CMF_NODE_AGENT_NODE_NAME'];
  const stateDir = values['state-dir'] ?? env['CMF_NODE_AGENT_STATE_DIR'];
  const owner = Number(env['CMF_OWNER_PID'] ?? '0');
  const agent = await NodeAgent.start({
    kubeconfig,
    ...(nodeName === undefined ? {} : { nodeName }),
    ...(stateDir === undefined ? {} : { stateDir }),
    ...(owner > 0 ? { ownerPids: [owner] } : {}),
  });
  const proxy = values['service-proxy'] === true ? await ServiceProxy.start({ kubeconfig }) : undefined;
  process.stdout.write(`${JSON.stringify({ event: 'started', node: agent.nodeName, pid: process.pid })}\n`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await proxy?.stop();
    await agent.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  if (owner > 0) {
    setInterval(() => {
      try {
        process.kill(owner, 0);
      } catch {
        void stop();
      }
    }, 1000).unref();
  }
}

main(process.argv.slice(2), process.env).catch((err: unknown) => {
  const code = err instanceof NodeAgentError ? err.code : 'NODE_AGENT_FAILED';
  process.stderr.write(
    `${JSON.stringify({ event: 'failed', code, message: err instanceof Error ? err.message : String(err) })}\n`,
  );
  process.exit(1);
});
