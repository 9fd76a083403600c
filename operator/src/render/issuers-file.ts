import type { ChatGateway } from '../api/v1alpha1/index.js';
import type { PodFiles } from './pod-files.js';

/** One entry of the sidecar's issuers file (gateway/src/sidecar/parse-issuers.ts). */
interface IssuerEntry {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl?: string;
  readonly publicKeyFiles?: readonly string[];
  readonly algorithms: readonly string[];
  readonly typ?: string;
}

/**
 * issuers.json for CMF_SIDECAR_ISSUERS_FILE: each issuer with its JWKS URL or the mounted file of
 * its publicKeySecretRef, and its tokenType as the entry's own `typ`, so one issuer's typ never
 * refuses another's tokens. roomsClaim is global in the CRD (CMF_SIDECAR_ROOMS_CLAIM). Algorithms
 * are passed as the CRD has them; one the sidecar cannot verify with the entry's keys makes it
 * refuse to start, naming the entry, which beats silently accepting fewer than the spec asks for.
 * No issuers render `[]`: the sidecar then refuses every token, which is what such a spec asks for.
 */
export function issuersFile(gateway: ChatGateway, files: PodFiles): string {
  const entries: IssuerEntry[] = (gateway.spec.auth.issuers ?? []).map((issuer, index) => {
    const keyFile = files.issuerKeys.get(index)?.file;
    return {
      issuer: issuer.issuer,
      audience: issuer.audience,
      ...(issuer.jwksUrl === undefined ? {} : { jwksUrl: issuer.jwksUrl }),
      ...(keyFile === undefined ? {} : { publicKeyFiles: [keyFile] }),
      algorithms: issuer.algorithms,
      ...(issuer.tokenType === undefined ? {} : { typ: issuer.tokenType }),
    };
  });
  return `${JSON.stringify(entries, null, 2)}\n`;
}
