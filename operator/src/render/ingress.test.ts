import { describe, expect, it } from 'vitest';
import { renderIngress } from './ingress.js';
import { renderInput, SampleFile } from './test-support/chat-gateways.js';

describe('Ingress', () => {
  it('is absent unless enabled', () => {
    expect(renderIngress(renderInput(SampleFile.Minimal))).toBeUndefined();
  });

  it('routes the WebSocket path on the host to the Service, with TLS, class and annotations as given', () => {
    const ingress = renderIngress(renderInput(SampleFile.Full));
    expect(ingress).toEqual(
      expect.objectContaining({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        spec: {
          ingressClassName: 'nginx',
          tls: [{ hosts: ['chat.example.com'], secretName: 'chat-example-com-tls' }],
          rules: [
            {
              host: 'chat.example.com',
              http: {
                paths: [
                  {
                    path: '/connection/websocket',
                    pathType: 'Prefix',
                    backend: { service: { name: 'chat-prod', port: { name: 'ws' } } },
                  },
                ],
              },
            },
          ],
        },
      }),
    );
    // Exactly the spec's annotations: nothing controller-specific added.
    expect(ingress?.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600',
    });
  });

  it("leaves class and TLS to the cluster's defaults when unset", () => {
    const ingress = renderIngress(
      renderInput(SampleFile.Minimal, {
        ingress: { enabled: true, host: 'ws.example.com' },
        websocket: { path: '/ws' },
      }),
    );
    expect(ingress?.['spec']).not.toHaveProperty('ingressClassName');
    expect(ingress?.['spec']).not.toHaveProperty('tls');
    expect(ingress?.metadata).not.toHaveProperty('annotations');
    expect(JSON.stringify(ingress?.['spec'])).toContain('"path":"/ws"');
  });
});
