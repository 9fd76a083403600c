import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { helm } from '@cmf/test-harness';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

describe('helm and the helm-unittest plugin built from source', () => {
  it('reports the pinned helm version', async () => {
    const result = await helm(['version', '--short']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^v3\.\d+\.\d+/);
  });

  it('renders a chart with helm template', async () => {
    const result = await helm([
      'template',
      'demo',
      path.join(fixtures, 'tiny-chart'),
      '--set',
      'greeting=hey',
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('name: demo-greeting');
    expect(result.stdout).toContain('greeting: "hey"');
  });

  it('runs a passing unittest suite', async () => {
    const result = await helm(['unittest', path.join(fixtures, 'tiny-chart')]);
    expect(result.stdout).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(result.exitCode).toBe(0);
  });

  it('fails a suite whose assertion does not hold', async () => {
    const result = await helm(['unittest', path.join(fixtures, 'tiny-chart-failing')]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toMatch(/Tests:\s+1 failed/);
  });
});
