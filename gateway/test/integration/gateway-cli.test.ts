import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { gatewayOptions } from '../../src/config/index.js';

const main = path.join(import.meta.dirname, '..', '..', 'dist', 'src', 'main.js');
const run = promisify(execFile);

async function gateway(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [main, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the cmf-gateway command', () => {
  it('lists every option with its environment variable and flag under --help', async () => {
    const { code, stdout } = await gateway(['--help']);
    expect(code).toBe(0);
    for (const option of gatewayOptions) {
      expect(stdout).toContain(option.env);
      expect(stdout).toContain(option.flag);
    }
  });

  it('refuses bad configuration at start with exit code 2 and every problem named', async () => {
    const { code, stderr } = await gateway(['--max-frame-bytes', 'lots'], {
      CMF_AUTH_MODE: 'dev-hs256',
      CMF_DEV_JWT_SECRET: 'short',
    });
    expect(code).toBe(2);
    expect(stderr).toContain('CMF_KAFKA_BROKERS');
    expect(stderr).toContain('--max-frame-bytes');
    expect(stderr).toContain('32 bytes');
    expect(stderr).not.toContain('short');
  });
});
