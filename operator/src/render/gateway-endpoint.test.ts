import { describe, expect, it } from 'vitest';
import { gatewayEndpoint } from './gateway-endpoint.js';
import { servedGateway, SampleFile } from './test-support/chat-gateways.js';

describe('gatewayEndpoint', () => {
  it('is wss:// through an Ingress with TLS', () => {
    expect(gatewayEndpoint(servedGateway(SampleFile.Full))).toBe(
      'wss://chat.example.com/connection/websocket',
    );
  });

  it('is ws:// through an Ingress without TLS', () => {
    const gateway = servedGateway(SampleFile.Minimal, { ingress: { enabled: true, host: 'chat.local' } });
    expect(gatewayEndpoint(gateway)).toBe('ws://chat.local/connection/websocket');
  });

  it("is the Service's in-cluster address without an Ingress", () => {
    const gateway = servedGateway(SampleFile.Minimal, {
      service: { port: 8080 },
      websocket: { path: '/ws' },
    });
    expect(gatewayEndpoint(gateway)).toBe('ws://chat.chat.svc:8080/ws');
  });
});
