import type { ChatGateway } from '../api/v1alpha1/index.js';
import { objectNames } from './object-names.js';
import { ContainerName } from './pod-layout.js';

// Every file a container reads: where it is mounted and which Secret or ConfigMap it comes from.
// Paths are absolute and under their volume's mountPath (the env variables name the files, and the
// test substrate maps mounted paths). Secrets are mounted as directories, never with subPath, so
// the kubelet updates them in place: the gateway re-reads the membership token and the SASL
// password when they change.

const SECRETS = '/var/run/secrets/cmf';

/** A Secret volume and where it is mounted. */
export interface SecretMount {
  /** Volume name (a DNS label). */
  readonly volume: string;
  readonly secretName: string;
  /** Secret key -> file name inside mountPath. */
  readonly items: readonly { readonly key: string; readonly path: string }[];
  readonly mountPath: string;
  readonly containers: readonly ContainerName[];
}

export interface PodFiles {
  readonly sidecarToken: SecretMount & { readonly file: string };
  readonly kafkaCredentials?: SecretMount & { readonly usernameFile: string; readonly passwordFile: string };
  readonly kafkaCa?: SecretMount & { readonly file: string };
  readonly membershipToken?: SecretMount & { readonly file: string };
  /** Static verification keys, by index in spec.auth.issuers (issuers with publicKeySecretRef only). */
  readonly issuerKeys: ReadonlyMap<number, SecretMount & { readonly file: string }>;
  /** The sidecar's ConfigMap volume holding issuers.json. */
  readonly sidecarConfig: {
    readonly volume: string;
    readonly configMapName: string;
    readonly mountPath: string;
    readonly issuersFile: string;
  };
  /** The key of issuers.json in the sidecar's ConfigMap. */
  readonly issuersKey: string;
}

const ISSUERS_KEY = 'issuers.json';

function secretMount(
  volume: string,
  secretName: string,
  mountPath: string,
  items: readonly { readonly key: string; readonly path: string }[],
  containers: readonly ContainerName[],
): SecretMount {
  return { volume, secretName, items, mountPath, containers };
}

/** The files of one ChatGateway's pods; only what its spec uses. */
export function podFiles(gateway: ChatGateway): PodFiles {
  const names = objectNames(gateway);
  const { kafka, membership, auth } = gateway.spec;
  const both = [ContainerName.Gateway, ContainerName.Sidecar];
  const gatewayOnly = [ContainerName.Gateway];

  const tokenDir = `${SECRETS}/sidecar-token`;
  const credentialsDir = `${SECRETS}/kafka-credentials`;
  const caDir = `${SECRETS}/kafka-ca`;
  const membershipDir = `${SECRETS}/membership-token`;
  const sidecarConfigDir = '/etc/cmf/sidecar';

  const issuerKeys = new Map<number, SecretMount & { readonly file: string }>();
  (auth.issuers ?? []).forEach((issuer, index) => {
    const ref = issuer.publicKeySecretRef;
    if (ref === undefined) return;
    // By index: several issuers may use keys of one Secret, and volume names must be DNS labels.
    const dir = `${SECRETS}/issuer-keys/${index}`;
    issuerKeys.set(index, {
      ...secretMount(
        `issuer-keys-${index}`,
        ref.name,
        dir,
        [{ key: ref.key, path: 'keys' }],
        [ContainerName.Sidecar],
      ),
      file: `${dir}/keys`,
    });
  });

  const credentials = kafka.credentialsSecretRef;
  const ca = kafka.tls.enabled ? kafka.tls.caSecretRef : undefined;
  const membershipRef = membership?.credentialsSecretRef;
  return {
    sidecarToken: {
      ...secretMount(
        'sidecar-token',
        names.sidecarTokenSecret,
        tokenDir,
        [{ key: 'token', path: 'token' }],
        both,
      ),
      file: `${tokenDir}/token`,
    },
    ...(credentials === undefined
      ? {}
      : {
          kafkaCredentials: {
            ...secretMount(
              'kafka-credentials',
              credentials.name,
              credentialsDir,
              [
                { key: credentials.usernameKey, path: 'username' },
                { key: credentials.passwordKey, path: 'password' },
              ],
              gatewayOnly,
            ),
            usernameFile: `${credentialsDir}/username`,
            passwordFile: `${credentialsDir}/password`,
          },
        }),
    ...(ca === undefined
      ? {}
      : {
          kafkaCa: {
            ...secretMount('kafka-ca', ca.name, caDir, [{ key: ca.key, path: 'ca.crt' }], gatewayOnly),
            file: `${caDir}/ca.crt`,
          },
        }),
    ...(membershipRef === undefined
      ? {}
      : {
          membershipToken: {
            ...secretMount(
              'membership-token',
              membershipRef.name,
              membershipDir,
              [{ key: membershipRef.key, path: 'token' }],
              gatewayOnly,
            ),
            file: `${membershipDir}/token`,
          },
        }),
    issuerKeys,
    sidecarConfig: {
      volume: 'sidecar-config',
      configMapName: names.sidecarConfig,
      mountPath: sidecarConfigDir,
      issuersFile: `${sidecarConfigDir}/${ISSUERS_KEY}`,
    },
    issuersKey: ISSUERS_KEY,
  };
}

/** Every Secret mount of the pod, in a stable order. */
export function secretMounts(files: PodFiles): readonly SecretMount[] {
  return [
    files.sidecarToken,
    ...(files.kafkaCredentials === undefined ? [] : [files.kafkaCredentials]),
    ...(files.kafkaCa === undefined ? [] : [files.kafkaCa]),
    ...(files.membershipToken === undefined ? [] : [files.membershipToken]),
    ...[...files.issuerKeys.entries()].sort(([a], [b]) => a - b).map(([, mount]) => mount),
  ];
}
