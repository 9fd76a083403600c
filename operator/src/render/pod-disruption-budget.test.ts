import { describe, expect, it } from 'vitest';
import { renderPodDisruptionBudget } from './pod-disruption-budget.js';
import { renderInput, SampleFile } from './test-support/chat-gateways.js';

function budget(podDisruptionBudget: Record<string, unknown>): unknown {
  return renderPodDisruptionBudget(renderInput(SampleFile.Minimal, { podDisruptionBudget }))?.['spec'];
}

describe('PodDisruptionBudget', () => {
  it('allows one pod down by default, selecting the gateway pods', () => {
    expect(renderPodDisruptionBudget(renderInput(SampleFile.Minimal))).toMatchObject({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'chat' },
      spec: {
        selector: {
          matchLabels: { 'app.kubernetes.io/name': 'cmf-gateway', 'app.kubernetes.io/instance': 'chat' },
        },
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  });

  it('takes minAvailable or maxUnavailable, numbers or percentages, never both', () => {
    expect(budget({ minAvailable: '50%' })).toMatchObject({ minAvailable: '50%' });
    expect(budget({ minAvailable: 2 })).not.toHaveProperty('maxUnavailable');
    expect(budget({ maxUnavailable: '10%' })).toMatchObject({ maxUnavailable: '10%' });
    expect(budget({ maxUnavailable: 0 })).toMatchObject({ maxUnavailable: 0 });
    // The CRD defaults the object to { maxUnavailable: 1 } only when it is absent altogether.
    expect(budget({ enabled: true })).toMatchObject({ maxUnavailable: 1 });
  });

  it('is absent when disabled', () => {
    expect(budget({ enabled: false })).toBeUndefined();
  });
});
