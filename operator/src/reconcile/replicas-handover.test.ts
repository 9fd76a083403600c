import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube/index.js';
import type { RenderedObject } from '../render/render-input.js';
import { appliesReplicas, leavesReplicas, replicasHandover } from './replicas-handover.js';

const MANAGER = 'cmf-operator';
const metadata = { name: 'chat', namespace: 'chat' };
const autoscaled: RenderedObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata,
  spec: { selector: {} },
};
const fixed: RenderedObject = { ...autoscaled, spec: { replicas: 3, selector: {} } };

/** A live Deployment whose managedFields say who owns spec.replicas, as the API server writes them. */
function live(
  replicas: number,
  owners: readonly { manager: string; operation: string; subresource?: string }[],
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      ...metadata,
      managedFields: owners.map((owner) => ({
        ...owner,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:selector': {} } },
      })),
    },
    spec: { replicas },
  } as KubeObject;
}

describe('replicas hand-over', () => {
  it('knows a rendered Deployment that leaves spec.replicas out', () => {
    expect(leavesReplicas(autoscaled)).toBe(true);
    expect(leavesReplicas(fixed)).toBe(false);
    expect(leavesReplicas({ ...autoscaled, kind: 'Service' })).toBe(false);
  });

  it("reads ownership of spec.replicas from the manager's Apply entry only", () => {
    expect(appliesReplicas(live(3, [{ manager: MANAGER, operation: 'Apply' }]), MANAGER)).toBe(true);
    expect(appliesReplicas(live(3, [{ manager: MANAGER, operation: 'Update' }]), MANAGER)).toBe(false);
    expect(
      appliesReplicas(live(3, [{ manager: 'kube-controller-manager', operation: 'Update' }]), MANAGER),
    ).toBe(false);
    expect(
      appliesReplicas(live(3, [{ manager: MANAGER, operation: 'Apply', subresource: 'scale' }]), MANAGER),
    ).toBe(false);
  });

  it('patches only spec.replicas at its live value while the operator still applies it', () => {
    expect(
      replicasHandover(autoscaled, live(3, [{ manager: MANAGER, operation: 'Apply' }]), MANAGER),
    ).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: { replicas: 3 },
    });
  });

  it('does nothing once handed over, before the Deployment exists, or while replicas are rendered', () => {
    const handedOver = live(3, [{ manager: 'cmf-operator-handover', operation: 'Apply' }]);
    expect(replicasHandover(autoscaled, handedOver, MANAGER)).toBeUndefined();
    expect(replicasHandover(autoscaled, undefined, MANAGER)).toBeUndefined();
    expect(
      replicasHandover(fixed, live(3, [{ manager: MANAGER, operation: 'Apply' }]), MANAGER),
    ).toBeUndefined();
  });
});
