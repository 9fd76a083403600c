import { ConfigError } from '../config/config-error.js';

const MIN_CLIENT_TOKEN_LENGTH = 16;

/**
 * Reads the client token the gateway and its auth sidecar share (one Secret, mounted into both
 * containers) and checks it the same way on both sides, so a bad file stops either process at
 * start instead of showing up later as every handshake refused. The file must hold one token of
 * at least 16 characters: a blank or guessable token would let anyone in the pod ask the sidecar,
 * and whitespace inside means two tokens or a mangled Secret. `variable` names the file's setting
 * in the error (the processes read it from different variables).
 */
export function readClientTokenFile(
  variable: string,
  path: string,
  readFile: (path: string) => string | Buffer,
): string {
  let text: string;
  try {
    const content = readFile(path);
    text = (typeof content === 'string' ? content : content.toString('utf8')).trim();
  } catch (error) {
    throw new ConfigError([`${variable}=${path}: cannot read it (${(error as Error).message})`]);
  }
  if (text.length < MIN_CLIENT_TOKEN_LENGTH || /\s/.test(text)) {
    throw new ConfigError([
      `${variable}=${path}: expected one token of at least ${MIN_CLIENT_TOKEN_LENGTH} characters without spaces`,
    ]);
  }
  return text;
}
