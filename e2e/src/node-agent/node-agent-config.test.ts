import { describe, expect, it } from 'vitest';
import { NodeAgentErrorCode } from './errors.js';
import { resolveNodeAgentConfig } from './node-agent-config.js';

describe('resolveNodeAgentConfig', () => {
  it('fills every default', () => {
    const config = resolveNodeAgentConfig({ kubeconfig: '/k' });
    expect(config.nodeName).toBe('cmf-local-node');
    expect(config.backoff).toEqual({ initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 });
    expect(config.leaseDurationSeconds).toBe(40);
    expect(config.stateDir.endsWith('/node-agent/cmf-local-node')).toBe(true);
  });

  it('rejects bad names and conflicting timings with precise messages', () => {
    expect(() => resolveNodeAgentConfig({ kubeconfig: '/k', nodeName: 'Bad_Name' })).toThrow(
      'nodeName "Bad_Name" is not a DNS subdomain',
    );
    expect(() =>
      resolveNodeAgentConfig({ kubeconfig: '/k', backoff: { initialMs: 5000, maxMs: 1000 } }),
    ).toThrow('backoff.initialMs (5000) exceeds backoff.maxMs (1000)');
    expect(() =>
      resolveNodeAgentConfig({ kubeconfig: '/k', leaseDurationSeconds: 5, leaseRenewMs: 5000 }),
    ).toThrow('leaseRenewMs (5000) must be shorter than leaseDurationSeconds (5 s)');
    try {
      resolveNodeAgentConfig({ kubeconfig: '' });
    } catch (err) {
      expect(err).toMatchObject({ code: NodeAgentErrorCode.ConfigInvalid });
    }
    expect(() => resolveNodeAgentConfig({ kubeconfig: '' })).toThrow('kubeconfig is required');
  });
});
