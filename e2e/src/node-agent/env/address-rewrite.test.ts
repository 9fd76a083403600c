import { describe, expect, it } from 'vitest';
import { rewriteForPod, rewriteHosts, rewritePaths } from './address-rewrite.js';

const ip = '127.0.4.9';

describe('rewriteHosts', () => {
  it('points pod-local hosts at the pod address, bare or in URLs', () => {
    expect(rewriteHosts('0.0.0.0', ip)).toBe(ip);
    expect(rewriteHosts('localhost:9090', ip)).toBe(`${ip}:9090`);
    expect(rewriteHosts('http://127.0.0.1:8081/auth', ip)).toBe(`http://${ip}:8081/auth`);
    expect(rewriteHosts('ws://[::]:80', ip)).toBe(`ws://${ip}:80`);
    expect(rewriteHosts('a=localhost,b=0.0.0.0', ip)).toBe(`a=${ip},b=${ip}`);
  });

  it('leaves hosts that only look alike', () => {
    expect(rewriteHosts('127.0.0.10', ip)).toBe('127.0.0.10');
    expect(rewriteHosts('notlocalhost', ip)).toBe('notlocalhost');
    expect(rewriteHosts('localhost.example.com', ip)).toBe('localhost.example.com');
    expect(rewriteHosts('kafka:9092', ip)).toBe('kafka:9092');
  });
});

describe('rewritePaths', () => {
  const mounts = [
    { mountPath: '/etc/cmf', hostPath: '/run/p/volumes/cfg' },
    { mountPath: '/etc/cmf/keys/', hostPath: '/run/p/volumes/keys' },
  ];

  it('maps paths under a mountPath, longest mountPath first', () => {
    expect(rewritePaths('/etc/cmf/app.yaml', mounts)).toBe('/run/p/volumes/cfg/app.yaml');
    expect(rewritePaths('/etc/cmf/keys/jwks.json', mounts)).toBe('/run/p/volumes/keys/jwks.json');
    expect(rewritePaths('/etc/cmf', mounts)).toBe('/run/p/volumes/cfg');
    expect(rewritePaths('--config=/etc/cmf/a,/etc/cmf/b', mounts)).toBe(
      '--config=/run/p/volumes/cfg/a,/run/p/volumes/cfg/b',
    );
  });

  it('leaves paths that merely share a prefix or are not at a token start', () => {
    expect(rewritePaths('/etc/cmfx/a', mounts)).toBe('/etc/cmfx/a');
    expect(rewritePaths('/opt/etc/cmf/a', mounts)).toBe('/opt/etc/cmf/a');
  });

  it('does both at once', () => {
    expect(rewriteForPod('0.0.0.0 /etc/cmf/x', ip, mounts)).toBe(`${ip} /run/p/volumes/cfg/x`);
  });
});
