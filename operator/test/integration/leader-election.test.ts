import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane, eventually } from '@cmf/test-harness';
import { nullMetrics } from '../../src/admin/index.js';
import { systemClock } from '../../src/controller/clock.js';
import { HttpKubeApi, loadKubeConfig } from '../../src/kube/index.js';
import { LeaseElector } from '../../src/leader/index.js';
import { createLogger } from '../../src/log/index.js';

// Two candidates on one Lease of a real API server: one leads, the other waits while the Lease
// is renewed, and takes over at once when the leader releases it on shutdown.

describe('Lease leader election on a real API server', () => {
  let plane: ControlPlane;

  beforeAll(async () => {
    plane = await ControlPlane.start();
    await plane.kubectl(['create', 'namespace', 'cmf-system']);
  });

  afterAll(async () => {
    await plane.destroy();
  });

  function candidate(identity: string, terms: string[]): LeaseElector {
    const api = new HttpKubeApi(loadKubeConfig(plane.kubeconfig));
    const elector = new LeaseElector(
      api,
      {
        namespace: 'cmf-system',
        name: 'cmf-operator',
        identity,
        leaseDurationMs: 4000,
        renewDeadlineMs: 3000,
        retryPeriodMs: 500,
      },
      systemClock,
      createLogger('warn'),
      nullMetrics,
    );
    elector.run({
      started: () => terms.push(`${identity} started`),
      stopped: () => {
        terms.push(`${identity} stopped`);
        return Promise.resolve();
      },
    });
    return elector;
  }

  async function holder(): Promise<string> {
    return plane
      .kubectl(['-n', 'cmf-system', 'get', 'lease', 'cmf-operator', '-o', 'jsonpath={.spec.holderIdentity}'])
      .catch(() => '');
  }

  it('elects one leader, keeps the other waiting, and hands over at once on release', async () => {
    const terms: string[] = [];
    const a = candidate('operator-a', terms);
    await eventually('operator-a to lead', async () => Promise.resolve(a.isLeader));
    const b = candidate('operator-b', terms);
    // b sees a renewing every 500 ms; several lease durations later it still has not started.
    let renewals = 0;
    let last = '';
    await eventually('the lease to be renewed a few times', async () => {
      const renewTime = await plane.kubectl([
        '-n',
        'cmf-system',
        'get',
        'lease',
        'cmf-operator',
        '-o',
        'jsonpath={.spec.renewTime}',
      ]);
      if (renewTime !== last) renewals++;
      last = renewTime;
      return renewals >= 12;
    });
    expect(b.isLeader).toBe(false);
    expect(await holder()).toBe('operator-a');
    expect(terms).toEqual(['operator-a started']);

    await a.stop();
    expect(terms).toEqual(['operator-a started', 'operator-a stopped']);
    await eventually('operator-b to take over', async () => Promise.resolve(b.isLeader));
    expect(await holder()).toBe('operator-b');
    const transitions = await plane.kubectl([
      '-n',
      'cmf-system',
      'get',
      'lease',
      'cmf-operator',
      '-o',
      'jsonpath={.spec.leaseTransitions}',
    ]);
    expect(Number(transitions)).toBe(1);
    await b.stop();
    expect(await holder()).toBe('');
  });
});
