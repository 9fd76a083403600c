import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { readClientTokenFile } from './client-token-file.js';

const TOKEN = '0123456789abcdef0123';

function problems(content: string | Buffer | Error): readonly string[] {
  const readFile = (): string | Buffer => {
    if (content instanceof Error) throw content;
    return content;
  };
  try {
    readClientTokenFile('CMF_X_TOKEN_FILE', '/run/token', readFile);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('readClientTokenFile', () => {
  it('returns the one token, without the line end a Secret file often has', () => {
    expect(readClientTokenFile('CMF_X_TOKEN_FILE', '/run/token', () => `${TOKEN}\n`)).toBe(TOKEN);
    expect(readClientTokenFile('CMF_X_TOKEN_FILE', '/run/token', () => Buffer.from(` ${TOKEN}\r\n`))).toBe(
      TOKEN,
    );
  });

  it.each([
    ['empty', ''],
    ['blank', ' \n\t\n'],
    ['short', '0123456789abcde\n'],
    ['two tokens', `${TOKEN} ${TOKEN}\n`],
    ['two lines', `${TOKEN}\n${TOKEN}\n`],
  ])('refuses a file that is %s, naming the variable and the path', (_what, content) => {
    expect(problems(content)).toStrictEqual([
      'CMF_X_TOKEN_FILE=/run/token: expected one token of at least 16 characters without spaces',
    ]);
  });

  it('refuses an unreadable file with the reason the read gave', () => {
    const error = Object.assign(new Error("ENOENT: no such file or directory, open '/run/token'"), {
      code: 'ENOENT',
    });
    expect(problems(error)).toStrictEqual([
      "CMF_X_TOKEN_FILE=/run/token: cannot read it (ENOENT: no such file or directory, open '/run/token')",
    ]);
  });

  it('never puts the token into the message', () => {
    const short = 'secret-but-short';
    const [problem] = problems(`${short} x`);
    expect(problem).not.toContain(short);
  });
});
