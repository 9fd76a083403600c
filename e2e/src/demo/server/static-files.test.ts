import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStaticFile, staticFilePath } from './static-files.js';

describe('staticFilePath', () => {
  it('maps / to index.html and paths inside the page directory', () => {
    expect(staticFilePath('/srv/page', '/')).toBe('/srv/page/index.html');
    expect(staticFilePath('/srv/page', '/assets/a%20b.js')).toBe('/srv/page/assets/a b.js');
  });

  it('never leaves the page directory', () => {
    expect(staticFilePath('/srv/page', '/%2e%2e/secret')).toBeUndefined();
    expect(staticFilePath('/srv/page', '/..%2fpage-other/x')).toBeUndefined();
    expect(staticFilePath('/srv/page', '/%00')).toBeUndefined();
    expect(staticFilePath('/srv/page', '/%E0%A4%A')).toBeUndefined();
  });
});

describe('readStaticFile', () => {
  it('reads files with their content type; directories and missing files are not found', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cmf-demo-static-'));
    writeFileSync(path.join(dir, 'index.html'), '<p>hi</p>');
    mkdirSync(path.join(dir, 'assets'));
    const file = await readStaticFile(dir, '/');
    expect(file?.contentType).toBe('text/html; charset=utf-8');
    expect(file?.body.toString()).toBe('<p>hi</p>');
    expect(await readStaticFile(dir, '/assets')).toBeUndefined();
    expect(await readStaticFile(dir, '/nope.js')).toBeUndefined();
  });
});
