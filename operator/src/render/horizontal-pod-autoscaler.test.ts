import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECTIONS_METRIC, renderHorizontalPodAutoscaler } from './horizontal-pod-autoscaler.js';
import { renderInput, repoRoot, SampleFile } from './test-support/chat-gateways.js';

describe('HorizontalPodAutoscaler', () => {
  it('is absent unless autoscaling is enabled', () => {
    expect(renderHorizontalPodAutoscaler(renderInput(SampleFile.Minimal))).toBeUndefined();
  });

  it("scales the Deployment on the gateway container's CPU and on connections per pod", () => {
    expect(renderHorizontalPodAutoscaler(renderInput(SampleFile.Full))).toMatchObject({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'chat-prod' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'chat-prod' },
        minReplicas: 3,
        maxReplicas: 30,
        metrics: [
          {
            type: 'ContainerResource',
            containerResource: {
              name: 'cpu',
              container: 'gateway',
              target: { type: 'Utilization', averageUtilization: 60 },
            },
          },
          {
            type: 'Pods',
            pods: {
              metric: { name: 'cmf_gateway_connections' },
              target: { type: 'AverageValue', averageValue: '15000' },
            },
          },
        ],
        behavior: { scaleDown: { stabilizationWindowSeconds: 600 } },
      },
    });
  });

  it('scales on CPU alone without a connections target', () => {
    const hpa = renderHorizontalPodAutoscaler(
      renderInput(SampleFile.Minimal, { autoscaling: { enabled: true } }),
    );
    expect((hpa?.['spec'] as { metrics: unknown[] }).metrics).toHaveLength(1);
    expect(hpa?.['spec']).toMatchObject({
      minReplicas: 2,
      maxReplicas: 10,
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    });
  });

  it("names the gateway's own connections gauge", () => {
    const metrics = readFileSync(path.join(repoRoot, 'gateway/src/metrics.ts'), 'utf8');
    expect(metrics).toMatch(new RegExp(`gauge\\(\\s*'${CONNECTIONS_METRIC}',`));
  });
});
