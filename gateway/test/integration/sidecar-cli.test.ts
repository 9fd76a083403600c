import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sidecarOptions } from '../../src/sidecar/index.js';

const main = path.join(import.meta.dirname, '..', '..', 'dist', 'src', 'sidecar', 'main.js');
const run = promisify(execFile);

let dir = '';

function file(name: string, content: string): string {
  const at = path.join(dir, name);
  fs.writeFileSync(at, content);
  return at;
}

async function sidecar(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [main, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cmf-sidecar-cli-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the cmf-auth-sidecar command', () => {
  it('lists every option with its environment variable and flag under --help', async () => {
    const { code, stdout } = await sidecar(['--help']);
    expect(code).toBe(0);
    for (const option of sidecarOptions) {
      expect(stdout).toContain(option.env);
      expect(stdout).toContain(option.flag);
    }
  });

  it('refuses to listen on anything but loopback, naming the variable, the value and why', async () => {
    const issuers = file(
      'ok.json',
      JSON.stringify([{ issuer: 'https://idp.test', audience: 'cmf', jwksUrl: 'http://127.0.0.1:1/jwks' }]),
    );
    const env = await sidecar([], { CMF_SIDECAR_LISTEN_HOST: '0.0.0.0', CMF_SIDECAR_ISSUERS_FILE: issuers });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain(
      'CMF_SIDECAR_LISTEN_HOST=0.0.0.0: expected a loopback address (127.0.0.1, ::1 or localhost)',
    );
    const flag = await sidecar(['--listen-host', '10.0.0.5', '--issuers-file', issuers]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--listen-host=10.0.0.5: expected a loopback address');
  });

  it('requires the issuers file and names every problem in a bad one', async () => {
    const missing = await sidecar([]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('CMF_SIDECAR_ISSUERS_FILE (or --issuers-file) is required');

    const absent = path.join(dir, 'absent.json');
    const unreadable = await sidecar([], { CMF_SIDECAR_ISSUERS_FILE: absent });
    expect(unreadable.stderr).toContain(
      `CMF_SIDECAR_ISSUERS_FILE=${absent}: cannot read the issuers file (ENOENT`,
    );

    const notJson = file('not.json', '[{ issuer: x }]');
    expect((await sidecar([], { CMF_SIDECAR_ISSUERS_FILE: notJson })).stderr).toContain(
      `CMF_SIDECAR_ISSUERS_FILE=${notJson}: not valid JSON`,
    );

    const bad = file(
      'bad.json',
      JSON.stringify([
        { issuer: 'https://a.test', audience: 'cmf', jwksUrl: 'https://a.test/jwks', hs256SecretFile: '/s' },
        { issuer: 'https://b.test', jwks_url: 'https://b.test/jwks' },
        { issuer: 'https://c.test', audience: 'cmf', jwksUrl: 'ftp://c.test/jwks' },
        { issuer: 'https://d.test', audience: 'cmf', publicKeyFiles: ['/k.pem'], algorithms: ['HS256'] },
        { issuer: 'https://e.test', audience: 'cmf', jwksUrl: 'https://e.test/jwks' },
        { issuer: 'https://e.test', audience: 'cmf', jwksUrl: 'https://e.test/other' },
      ]),
    );
    const { code, stderr } = await sidecar([], { CMF_SIDECAR_ISSUERS_FILE: bad });
    expect(code).toBe(2);
    const source = `CMF_SIDECAR_ISSUERS_FILE=${bad}`;
    for (const problem of [
      'issuers[0]: exactly one of jwksUrl, publicKeyFiles, hs256SecretFile is required (found jwksUrl, hs256SecretFile)',
      'issuers[1]: unknown field "jwks_url"; did you mean "jwksUrl"?',
      'issuers[1].audience: expected a non-empty string or a non-empty array of strings',
      'issuers[1]: exactly one of jwksUrl, publicKeyFiles, hs256SecretFile is required',
      'issuers[2].jwksUrl: expected an http:// or https:// URL',
      'issuers[3].algorithms: HS256 needs hs256SecretFile',
      'issuers[5].issuer: "https://e.test" is already configured by issuers[4]',
    ]) {
      expect(stderr).toContain(`${source}: ${problem}`);
    }
    expect(stderr).toContain('Run cmf-auth-sidecar --help');
  });

  it('refuses unusable key files at start without ever printing a secret', async () => {
    const shortSecret = file('short.secret', 'tiny-secret-value\n');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const privatePem = file('private.pem', privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const smallRsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    const smallPem = file('small.pem', smallRsa.export({ type: 'spki', format: 'pem' }).toString());
    const issuers = file(
      'keys.json',
      JSON.stringify([
        { issuer: 'dev', audience: 'cmf', hs256SecretFile: shortSecret },
        { issuer: 'p', audience: 'cmf', publicKeyFiles: [privatePem, smallPem, path.join(dir, 'nope.pem')] },
      ]),
    );
    const { code, stderr } = await sidecar([], { CMF_SIDECAR_ISSUERS_FILE: issuers });
    expect(code).toBe(2);
    expect(stderr).toContain(`issuer dev: secret file ${shortSecret}: 17 bytes; expected at least 32`);
    expect(stderr).toContain(
      `issuer p: key file ${privatePem}: holds a private key; mount only the public key`,
    );
    expect(stderr).toContain(`issuer p: key file ${smallPem}: RSA key of 1024 bits (at least 2048 needed)`);
    expect(stderr).toContain(`issuer p: key file ${path.join(dir, 'nope.pem')}: cannot read (ENOENT`);
    expect(stderr).not.toContain('tiny-secret-value');
  });

  // The gateway reads its copy of the same file with the same check (CMF_AUTH_SIDECAR_TOKEN_FILE).
  it('refuses an empty, short, multi-token or unreadable client token file at start', async () => {
    const secret = file('dev.secret', 'a-development-secret-of-at-least-32-bytes\n');
    const issuers = file(
      'dev.json',
      JSON.stringify([{ issuer: 'dev', audience: 'cmf', hs256SecretFile: secret }]),
    );
    const absent = path.join(dir, 'absent-token');
    for (const [tokenFile, problem] of [
      [file('empty-token', ''), 'expected one token of at least 16 characters without spaces'],
      [
        file('short-token', 'too-short-token\n'),
        'expected one token of at least 16 characters without spaces',
      ],
      [
        file('two-tokens', 'first-token-0123456789 second-token-0123456789\n'),
        'expected one token of at least 16 characters without spaces',
      ],
      [absent, 'cannot read it (ENOENT'],
    ] as const) {
      const { code, stderr } = await sidecar([], {
        CMF_SIDECAR_ISSUERS_FILE: issuers,
        CMF_SIDECAR_CLIENT_TOKEN_FILE: tokenFile,
      });
      expect(code).toBe(2);
      expect(stderr).toContain(`CMF_SIDECAR_CLIENT_TOKEN_FILE=${tokenFile}: ${problem}`);
    }
  });
});
