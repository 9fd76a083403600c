import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

let dir = '';

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cmf-gateway-cli-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

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

  // Exit code 2 like any config error. The same check, and the same words, as cmf-auth-sidecar applies to its copy of the file: a
  // gateway with a bad token would otherwise start and fail every handshake with 503.
  it.each([
    ['empty', ''],
    ['short', 'too-short-token\n'],
    ['two tokens', 'first-token-0123456789 second-token-0123456789\n'],
  ])('refuses to start with a sidecar client token file that is %s', async (what, content) => {
    const tokenFile = path.join(dir, what.replaceAll(' ', '-'));
    fs.writeFileSync(tokenFile, content);
    const { code, stderr } = await gateway([], {
      CMF_KAFKA_BROKERS: '127.0.0.1:1',
      CMF_AUTH_SIDECAR_TOKEN_FILE: tokenFile,
    });
    expect(code).toBe(2);
    expect(stderr).toContain(
      `CMF_AUTH_SIDECAR_TOKEN_FILE=${tokenFile}: expected one token of at least 16 characters without spaces`,
    );
  });

  it('refuses to start with a sidecar client token file it cannot read', async () => {
    const absent = path.join(dir, 'absent-token');
    const { code, stderr } = await gateway([], {
      CMF_KAFKA_BROKERS: '127.0.0.1:1',
      CMF_AUTH_SIDECAR_TOKEN_FILE: absent,
    });
    expect(code).toBe(2);
    expect(stderr).toContain(`CMF_AUTH_SIDECAR_TOKEN_FILE=${absent}: cannot read it (ENOENT`);
  });
});
