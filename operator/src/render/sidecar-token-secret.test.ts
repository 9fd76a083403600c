import { describe, expect, it } from 'vitest';
import { RenderError } from './render-error.js';
import { renderSidecarTokenSecret } from './sidecar-token-secret.js';
import { servedGateway, SampleFile } from './test-support/chat-gateways.js';

describe('sidecar token Secret', () => {
  const gateway = servedGateway(SampleFile.Minimal);

  it('holds the token under key token, immutable and owned by the ChatGateway', () => {
    const secret = renderSidecarTokenSecret(gateway, 'c2VjcmV0LXRva2Vu');
    expect(secret).toMatchObject({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      immutable: true,
      metadata: {
        name: 'chat-sidecar-token',
        namespace: 'chat',
        labels: { 'app.kubernetes.io/instance': 'chat', 'app.kubernetes.io/component': 'auth' },
        ownerReferences: [{ kind: 'ChatGateway', name: 'chat', controller: true }],
      },
    });
    const data = secret['data'] as Record<string, string>;
    expect(Buffer.from(data['token'] ?? '', 'base64').toString('utf8')).toBe('c2VjcmV0LXRva2Vu');
  });

  it('refuses an empty token', () => {
    expect(() => renderSidecarTokenSecret(gateway, '')).toThrow(RenderError);
  });
});
