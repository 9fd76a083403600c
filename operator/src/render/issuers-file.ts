import type { ChatGateway } from '../api/v1alpha1/index.js';
import type { PodFiles } from './pod-files.js';

/** One entry of the sidecar's issuers file (gateway/src/sidecar/parse-issuers.ts). */
interface IssuerEntry {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl?: string;
  readonly publicKeyFiles?: readonly string[];
  readonly algorithms: readonly string[];
}

/**
 * issuers.json for CMF_SIDECAR_ISSUERS_FILE: each issuer with its JWKS URL or the mounted file of
 * its publicKeySecretRef. roomsClaim is global (CMF_SIDECAR_ROOMS_CLAIM) and tokenType has no
 * per-issuer field in the sidecar (see sidecarEnvironment), so neither is written here. Algorithms
 * are passed as the CRD has them; one the sidecar does not verify makes it refuse to start, naming
 * the entry, which beats silently accepting fewer than the spec asks for.
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
    };
  });
  return `${JSON.stringify(entries, null, 2)}\n`;
}
