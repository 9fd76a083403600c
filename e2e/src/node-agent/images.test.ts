import { describe, expect, it } from 'vitest';
import { containerArgv, findImage, imageRepository, lookupProgram, type LocalImage } from './images.js';

const image: LocalImage = {
  entrypoint: ['tool'],
  cmd: ['--default'],
  workingDir: '/w',
  commands: {
    tool: {
      file: '/bin/node',
      prefix: ['/app/tool.js'],
      requires: { file: '/app/tool.js', hint: 'build it' },
    },
    node: { file: '/bin/node', prefix: [] },
  },
};

describe('images', () => {
  it('reads the repository of a reference', () => {
    expect(imageRepository('ghcr.io/cmf-platform/cmf-gateway:1.2.3')).toBe(
      'ghcr.io/cmf-platform/cmf-gateway',
    );
    expect(imageRepository('localhost:5000/x/y@sha256:abc')).toBe('localhost:5000/x/y');
    expect(imageRepository('localhost:5000/x/y')).toBe('localhost:5000/x/y');
    expect(findImage('ghcr.io/cmf-platform/cmf-gateway:any')?.entrypoint).toEqual(['cmf-gateway']);
    expect(findImage('ghcr.io/cmf-platform/cmf-operator@sha256:00')?.entrypoint).toEqual(['cmf-operator']);
    expect(findImage('docker.io/library/nginx:1')).toBeUndefined();
  });

  it('applies command and args over ENTRYPOINT and CMD', () => {
    expect(containerArgv(image, undefined, undefined)).toEqual(['tool', '--default']);
    expect(containerArgv(image, undefined, ['--x'])).toEqual(['tool', '--x']);
    expect(containerArgv(image, ['node'], undefined)).toEqual(['node']);
    expect(containerArgv(image, ['node'], ['s.js'])).toEqual(['node', 's.js']);
  });

  it('maps commands to local programs and explains what is missing', () => {
    expect(lookupProgram(image, ['tool', '--x'], () => true)).toEqual({
      ok: true,
      file: '/bin/node',
      args: ['/app/tool.js', '--x'],
    });
    expect(lookupProgram(image, ['/usr/local/bin/node', 'a.js'], () => true)).toEqual({
      ok: true,
      file: '/bin/node',
      args: ['a.js'],
    });
    expect(lookupProgram(image, ['tool'], () => false)).toEqual({
      ok: false,
      message: 'tool: /app/tool.js does not exist (build it)',
    });
    const unknown = lookupProgram(image, ['bash'], () => true);
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.message).toContain('exec: "bash": executable file not found in $PATH');
  });
});
