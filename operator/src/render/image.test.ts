import { describe, expect, it } from 'vitest';
import { imageReference, imageTag } from './image.js';
import { defaults, servedGateway, SampleFile } from './test-support/chat-gateways.js';

describe('image', () => {
  it('is spec.image.reference, else the operator default', () => {
    expect(imageReference(servedGateway(SampleFile.Full), defaults)).toBe('ghcr.io/cmf/gateway:0.1.0');
    expect(imageReference(servedGateway(SampleFile.Minimal), defaults)).toBe(defaults.gatewayImage);
  });

  it('has a tag for the version label only when the reference has a valid one', () => {
    expect(imageTag('ghcr.io/cmf/gateway:0.1.0')).toBe('0.1.0');
    expect(imageTag('registry.local:5000/cmf/gateway:1.2.3-rc.1')).toBe('1.2.3-rc.1');
    expect(imageTag('ghcr.io/cmf/gateway:0.1.0@sha256:abc')).toBe('0.1.0');
    expect(imageTag('ghcr.io/cmf/gateway@sha256:abc')).toBeUndefined();
    expect(imageTag('registry.local:5000/cmf/gateway')).toBeUndefined();
    expect(imageTag('gateway:_private')).toBeUndefined();
    expect(imageTag(`gateway:${'a'.repeat(64)}`)).toBeUndefined();
  });
});
