import { didYouMean } from '../config/did-you-mean.js';
import {
  KeySourceKind,
  type IssuerConfig,
  type KeySourceConfig,
  type PublicKeyFile,
} from './issuer-config.js';
import {
  ASYMMETRIC_ALGORITHMS,
  DEFAULT_ASYMMETRIC_ALGORITHMS,
  JwsAlgorithm,
  isJwsAlgorithm,
} from './jws-algorithm.js';

export interface ParsedIssuers {
  readonly issuers: readonly IssuerConfig[];
  /** One line per problem, each naming the entry and field (`issuers[1].jwksUrl: …`). */
  readonly problems: readonly string[];
}

const FIELDS = [
  'issuer',
  'audience',
  'jwksUrl',
  'publicKeyFiles',
  'hs256SecretFile',
  'algorithms',
  'roomsClaim',
  'typ',
] as const;
const KEY_FIELDS = ['jwksUrl', 'publicKeyFiles', 'hs256SecretFile'] as const;
const FIELD_SUGGESTIONS: ReadonlyMap<string, string> = new Map(FIELDS.map((f) => [f, f]));
const KEY_FILE_FIELDS: ReadonlyMap<string, string> = new Map([
  ['path', 'path'],
  ['kid', 'kid'],
]);

// Generous bounds that no real issuer reaches; they keep a hostile or broken file from making
// the process hold (or log) unbounded strings.
const MAX_TEXT = 2048;
const CLAIM_NAME = /^\S{1,256}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  // Control characters would break the one-problem-per-line messages and the metric labels.
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT && !/\p{Cc}/u.test(value);
}

function unknownFields(
  entry: Record<string, unknown>,
  known: ReadonlyMap<string, string>,
  at: string,
): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(entry)) {
    if (known.has(name)) continue;
    const suggestion = didYouMean(name, known);
    problems.push(
      `${at}: unknown field ${JSON.stringify(name)}` +
        (suggestion === undefined ? '' : `; did you mean ${JSON.stringify(suggestion)}?`),
    );
  }
  return problems;
}

function jwksUrl(value: unknown, at: string, problems: string[]): string | undefined {
  const url = isText(value) ? URL.parse(value) : null;
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    problems.push(
      `${at}: expected an http:// or https:// URL (e.g. https://idp.example/.well-known/jwks.json)`,
    );
    return undefined;
  }
  // Credentials in the URL would end up in logs and metric labels.
  if (url.username !== '' || url.password !== '') {
    problems.push(`${at}: must not carry credentials (user:password@)`);
    return undefined;
  }
  return url.href;
}

function keyFiles(value: unknown, at: string, problems: string[]): PublicKeyFile[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    problems.push(`${at}: expected a non-empty array of file paths or { "path", "kid"? } objects`);
    return undefined;
  }
  const files: PublicKeyFile[] = [];
  value.forEach((item: unknown, i) => {
    const itemAt = `${at}[${i}]`;
    if (isText(item)) {
      files.push({ path: item, kid: undefined });
    } else if (isRecord(item)) {
      problems.push(...unknownFields(item, KEY_FILE_FIELDS, itemAt));
      const { path, kid } = item;
      if (!isText(path)) problems.push(`${itemAt}.path: expected a file path`);
      if (kid !== undefined && !isText(kid)) problems.push(`${itemAt}.kid: expected a non-empty string`);
      if (isText(path) && (kid === undefined || isText(kid))) files.push({ path, kid });
    } else {
      problems.push(`${itemAt}: expected a file path or { "path", "kid"? }`);
    }
  });
  return files.length === value.length ? files : undefined;
}

function audience(value: unknown, at: string, problems: string[]): string[] | undefined {
  if (isText(value)) return [value];
  if (Array.isArray(value) && value.length > 0 && value.every(isText)) return value;
  problems.push(
    `${at}: expected a non-empty string or a non-empty array of strings (every token must name one in "aud")`,
  );
  return undefined;
}

function algorithms(
  value: unknown,
  secret: boolean,
  at: string,
  problems: string[],
): JwsAlgorithm[] | undefined {
  if (value === undefined) return secret ? [JwsAlgorithm.HS256] : [...DEFAULT_ASYMMETRIC_ALGORITHMS];
  const allowed = secret ? [JwsAlgorithm.HS256] : ASYMMETRIC_ALGORITHMS;
  if (!Array.isArray(value) || value.length === 0 || !value.every(isJwsAlgorithm)) {
    problems.push(`${at}: expected a non-empty array of ${allowed.join(', ')}`);
    return undefined;
  }
  const refused = value.filter((alg) => !allowed.includes(alg));
  if (refused.length > 0) {
    // Mixing a shared secret with public-key algorithms is what makes key confusion possible.
    problems.push(
      secret
        ? `${at}: an issuer with hs256SecretFile accepts only HS256 (found ${refused.join(', ')})`
        : `${at}: HS256 needs hs256SecretFile; an issuer with public keys accepts only ${ASYMMETRIC_ALGORITHMS.join(', ')}`,
    );
    return undefined;
  }
  return [...new Set(value)];
}

function issuerEntry(entry: unknown, at: string, problems: string[]): IssuerConfig | undefined {
  if (!isRecord(entry)) {
    problems.push(`${at}: expected an object with issuer, audience and one of ${KEY_FIELDS.join(', ')}`);
    return undefined;
  }
  const before = problems.length;
  problems.push(...unknownFields(entry, FIELD_SUGGESTIONS, at));
  if (!isText(entry['issuer']))
    problems.push(`${at}.issuer: expected a non-empty string (the tokens' "iss")`);
  const aud = audience(entry['audience'], `${at}.audience`, problems);
  const given = KEY_FIELDS.filter((field) => entry[field] !== undefined);
  let keys: KeySourceConfig | undefined;
  if (given.length !== 1) {
    problems.push(
      `${at}: exactly one of ${KEY_FIELDS.join(', ')} is required` +
        (given.length === 0 ? '' : ` (found ${given.join(', ')})`),
    );
  } else if (given[0] === 'jwksUrl') {
    const url = jwksUrl(entry['jwksUrl'], `${at}.jwksUrl`, problems);
    if (url !== undefined) keys = { kind: KeySourceKind.Jwks, url };
  } else if (given[0] === 'publicKeyFiles') {
    const files = keyFiles(entry['publicKeyFiles'], `${at}.publicKeyFiles`, problems);
    if (files !== undefined) keys = { kind: KeySourceKind.PublicKeyFiles, files };
  } else {
    const file = entry['hs256SecretFile'];
    if (isText(file)) keys = { kind: KeySourceKind.Hs256SecretFile, file };
    else problems.push(`${at}.hs256SecretFile: expected a file path`);
  }
  const algs = algorithms(
    entry['algorithms'],
    given.length === 1 && given[0] === 'hs256SecretFile',
    `${at}.algorithms`,
    problems,
  );
  const rooms = entry['roomsClaim'];
  if (rooms !== undefined && !(typeof rooms === 'string' && CLAIM_NAME.test(rooms))) {
    problems.push(`${at}.roomsClaim: expected a JWT claim name (no spaces)`);
  }
  const typ = entry['typ'];
  if (typ !== undefined && !(typeof typ === 'string' && CLAIM_NAME.test(typ))) {
    problems.push(`${at}.typ: expected a JWT "typ" header value such as at+jwt`);
  }
  if (problems.length > before || keys === undefined || aud === undefined || algs === undefined) {
    return undefined;
  }
  return {
    issuer: entry['issuer'] as string,
    audience: aud,
    algorithms: algs,
    roomsClaim: rooms as string | undefined,
    typ: typ as string | undefined,
    keys,
  };
}

/**
 * Validates the issuers file (a JSON array of `{ issuer, audience, jwksUrl | publicKeyFiles |
 * hs256SecretFile, algorithms?, roomsClaim? }`). Pure: the caller reads the file. Every problem
 * is reported, each prefixed with `source` so the message names the file.
 */
export function parseIssuers(text: string, source: string): ParsedIssuers {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    return { issuers: [], problems: [`${source}: not valid JSON (${(err as Error).message})`] };
  }
  // An empty array is a valid, if useless, configuration: every token is refused (wrong_issuer),
  // which is what a ChatGateway without issuers asks for.
  if (!Array.isArray(document)) {
    return {
      issuers: [],
      problems: [`${source}: expected a JSON array of issuers ([{ "issuer": …, "audience": …, … }])`],
    };
  }
  const problems: string[] = [];
  const issuers: IssuerConfig[] = [];
  const seen = new Map<string, number>();
  document.forEach((entry: unknown, i) => {
    const at = `issuers[${i}]`;
    const local: string[] = [];
    const issuer = issuerEntry(entry, at, local);
    problems.push(...local.map((p) => `${source}: ${p}`));
    if (issuer === undefined) return;
    const first = seen.get(issuer.issuer);
    if (first !== undefined) {
      // Keys are selected by `iss`: two entries for one issuer would make that choice ambiguous.
      problems.push(
        `${source}: ${at}.issuer: ${JSON.stringify(issuer.issuer)} is already configured by issuers[${first}]`,
      );
      return;
    }
    seen.set(issuer.issuer, i);
    issuers.push(issuer);
  });
  return problems.length > 0 ? { issuers: [], problems } : { issuers, problems };
}
