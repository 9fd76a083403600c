import { describe, expect, it } from 'vitest';
import { renderService } from './service.js';
import { renderInput, SampleFile } from './test-support/chat-gateways.js';

describe('Service', () => {
  it('sends spec.service.port to the ws port, and offers the admin port in-cluster', () => {
    expect(renderService(renderInput(SampleFile.Minimal))).toMatchObject({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'chat', namespace: 'chat' },
      spec: {
        type: 'ClusterIP',
        selector: { 'app.kubernetes.io/name': 'cmf-gateway', 'app.kubernetes.io/instance': 'chat' },
        ports: [
          { name: 'ws', port: 80, targetPort: 'ws', protocol: 'TCP' },
          { name: 'admin', port: 9090, targetPort: 'admin', protocol: 'TCP' },
        ],
      },
    });
  });

  it('keeps the admin port off a Service reachable from outside, and passes annotations', () => {
    const service = renderService(
      renderInput(SampleFile.Minimal, {
        service: {
          type: 'LoadBalancer',
          port: 443,
          annotations: { 'lb.example.com/scheme': 'internet-facing' },
        },
      }),
    );
    expect(service['spec']).toMatchObject({
      type: 'LoadBalancer',
      ports: [{ name: 'ws', port: 443, targetPort: 'ws', protocol: 'TCP' }],
    });
    expect((service['spec'] as { ports: unknown[] }).ports).toHaveLength(1);
    expect(service.metadata.annotations).toEqual({ 'lb.example.com/scheme': 'internet-facing' });
  });
});
