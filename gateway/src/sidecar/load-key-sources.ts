import { ConfigError } from '../config/config-error.js';
import type { Logger } from '../log/index.js';
import { Hs256KeySource } from './hs256-key-source.js';
import { KeySourceKind } from './issuer-config.js';
import type { KeySource } from './key-source.js';
import { readPublicKeys } from './read-public-keys.js';
import { RemoteJwksSource, type JwksFetchResult } from './remote-jwks-source.js';
import type { SidecarConfig } from './sidecar-config.js';
import { StaticKeySource } from './static-key-source.js';

export interface KeySourceDeps {
  /** Bytes, not text: a shared secret may be binary. */
  readonly readFile: (path: string) => Buffer;
  readonly logger: Logger;
  readonly onJwksFetch?: (issuer: string, result: JwksFetchResult) => void;
}

// RFC 7518 3.2: an HS256 key must be at least as long as the hash output (256 bits).
const MIN_SECRET_BYTES = 32;

function withoutTrailingNewline(bytes: Buffer): Buffer {
  let end = bytes.length;
  if (bytes[end - 1] === 0x0a) {
    end--;
    if (bytes[end - 1] === 0x0d) end--;
  }
  return bytes.subarray(0, end);
}

/**
 * Builds every issuer's key source, reading key and secret files once. Throws one ConfigError
 * listing every unreadable or unusable file (secrets are never quoted). Remote JWKS sources are
 * created idle; `start()` each to fetch.
 */
export async function loadKeySources(
  config: SidecarConfig,
  deps: KeySourceDeps,
): Promise<ReadonlyMap<string, KeySource>> {
  const problems: string[] = [];
  const sources = new Map<string, KeySource>();
  for (const issuer of config.issuers) {
    const keys = issuer.keys;
    switch (keys.kind) {
      case KeySourceKind.Jwks: {
        const url = new URL(keys.url);
        if (url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
          deps.logger.warn('JWKS fetched over plain http; use https outside a trusted network', {
            issuer: issuer.issuer,
            url: keys.url,
          });
        }
        const onFetch = deps.onJwksFetch;
        sources.set(
          issuer.issuer,
          new RemoteJwksSource({
            issuer: issuer.issuer,
            url: keys.url,
            cacheMaxAgeMs: config.jwks.cacheMaxAgeMs,
            cooldownMs: config.jwks.cooldownMs,
            timeoutMs: config.jwks.timeoutMs,
            maxStaleMs: config.jwks.maxStaleMs,
            logger: deps.logger,
            ...(onFetch === undefined
              ? {}
              : {
                  onFetch: (result) => {
                    onFetch(issuer.issuer, result);
                  },
                }),
          }),
        );
        break;
      }
      case KeySourceKind.PublicKeyFiles: {
        const read = await readPublicKeys(issuer.issuer, keys.files, issuer.algorithms, (path) =>
          deps.readFile(path).toString('utf8'),
        );
        problems.push(...read.problems);
        if (read.problems.length === 0) sources.set(issuer.issuer, new StaticKeySource(read.jwks));
        break;
      }
      case KeySourceKind.Hs256SecretFile: {
        let bytes: Buffer;
        try {
          bytes = deps.readFile(keys.file);
        } catch (err) {
          problems.push(
            `issuer ${issuer.issuer}: secret file ${keys.file}: cannot read (${(err as Error).message})`,
          );
          break;
        }
        // Secrets written with `echo` or kubectl from a file end in a newline that is not part of them.
        const secret = withoutTrailingNewline(bytes);
        if (secret.length < MIN_SECRET_BYTES) {
          problems.push(
            `issuer ${issuer.issuer}: secret file ${keys.file}: ${secret.length} bytes; expected at least ${MIN_SECRET_BYTES}`,
          );
          break;
        }
        deps.logger.warn(
          'DEVELOPMENT KEYS: issuer verified with a shared HS256 secret; never use in production',
          {
            issuer: issuer.issuer,
          },
        );
        sources.set(issuer.issuer, new Hs256KeySource(new Uint8Array(secret)));
        break;
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return sources;
}
