import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileServiceToken } from './file-service-token.js';
import { MembershipUnavailableError } from './membership-unavailable-error.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tokenFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cmf-token-'));
  dirs.push(dir);
  const path = join(dir, 'token');
  writeFileSync(path, content);
  return path;
}

describe('FileServiceToken', () => {
  it('reads the file, trimmed, and reads it again after reloadMs', async () => {
    const path = tokenFile('t1\n');
    const clock = { t: 0 };
    const source = new FileServiceToken(path, { reloadMs: 1000, now: () => clock.t });
    expect(await source.token()).toBe('t1');
    writeFileSync(path, 't2');
    clock.t = 999;
    expect(await source.token()).toBe('t1');
    clock.t = 1000;
    expect(await source.token()).toBe('t2');
  });

  it('reads again at once after refresh (the service refused the token)', async () => {
    const path = tokenFile('t1');
    const source = new FileServiceToken(path, { now: () => 0 });
    expect(await source.token()).toBe('t1');
    writeFileSync(path, 't2');
    source.refresh();
    expect(await source.token()).toBe('t2');
  });

  it('keeps the last good token when a reread fails', async () => {
    const path = tokenFile('t1');
    const source = new FileServiceToken(path, { reloadMs: 0 });
    expect(await source.token()).toBe('t1');
    writeFileSync(path, '  ');
    expect(await source.token()).toBe('t1');
    rmSync(path);
    expect(await source.token()).toBe('t1');
  });

  it('fails as membership_unavailable (no_credentials) without any token', async () => {
    const missing = new FileServiceToken('/nonexistent/cmf/token');
    await expect(missing.token()).rejects.toBeInstanceOf(MembershipUnavailableError);
    await expect(missing.token()).rejects.toMatchObject({ failure: 'no_credentials', retryable: true });
    const empty = new FileServiceToken(tokenFile('\n'));
    await expect(empty.token()).rejects.toThrow(/is empty/);
  });

  it('rejects a negative reloadMs', () => {
    expect(() => new FileServiceToken('/x', { reloadMs: -1 })).toThrow(
      'reloadMs must be a non-negative number of milliseconds, got -1',
    );
  });
});
