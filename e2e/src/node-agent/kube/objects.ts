import type * as k8s from '@kubernetes/client-node';

/**
 * client-node's models are classes; objects here are plain JSON from the wire. Plain<T> keeps
 * the models' shapes without their class identity.
 */
type Plain<T> = T extends readonly (infer U)[]
  ? Plain<U>[]
  : T extends object
    ? { [K in keyof T]: Plain<T[K]> }
    : T;

export type V1PodSpec = Plain<k8s.V1PodSpec>;
export type V1Container = Plain<k8s.V1Container>;
export type V1ContainerPort = Plain<k8s.V1ContainerPort>;
export type V1EnvVar = Plain<k8s.V1EnvVar>;
export type V1Probe = Plain<k8s.V1Probe>;
export type V1Volume = Plain<k8s.V1Volume>;
export type V1KeyToPath = Plain<k8s.V1KeyToPath>;
export type V1DownwardAPIVolumeFile = Plain<k8s.V1DownwardAPIVolumeFile>;
export type V1ServiceAccountTokenProjection = Plain<k8s.V1ServiceAccountTokenProjection>;
type V1ContainerStatus = Plain<k8s.V1ContainerStatus>;
type V1PodCondition = Plain<k8s.V1PodCondition>;

/**
 * Object metadata as it travels on the wire (timestamps stay RFC 3339 strings). The spec types come
 * from @kubernetes/client-node, whose spec models hold no dates.
 */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly generation?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly creationTimestamp?: string;
  readonly deletionTimestamp?: string;
  readonly deletionGracePeriodSeconds?: number;
  readonly ownerReferences?: readonly {
    readonly apiVersion: string;
    readonly kind: string;
    readonly name: string;
    readonly uid: string;
  }[];
}

export type WireCondition = Omit<V1PodCondition, 'lastProbeTime' | 'lastTransitionTime'> & {
  readonly lastProbeTime?: string | null;
  readonly lastTransitionTime?: string;
};

export interface WireContainerState {
  readonly waiting?: { readonly reason: string; readonly message?: string };
  readonly running?: { readonly startedAt: string };
  readonly terminated?: {
    readonly exitCode: number;
    readonly signal?: number;
    readonly reason: string;
    readonly message?: string;
    readonly startedAt?: string;
    readonly finishedAt: string;
    readonly containerID?: string;
  };
}

export type WireContainerStatus = Omit<V1ContainerStatus, 'state' | 'lastState'> & {
  readonly state: WireContainerState;
  readonly lastState: WireContainerState;
};

export interface PodStatus {
  readonly phase?: string;
  readonly conditions?: readonly WireCondition[];
  readonly containerStatuses?: readonly WireContainerStatus[];
  readonly initContainerStatuses?: readonly WireContainerStatus[];
  readonly podIP?: string;
  readonly podIPs?: readonly { readonly ip: string }[];
  readonly hostIP?: string;
  readonly hostIPs?: readonly { readonly ip: string }[];
  readonly startTime?: string;
  readonly message?: string;
  readonly reason?: string;
}

export interface Pod {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: ObjectMeta;
  readonly spec: V1PodSpec;
  readonly status?: PodStatus;
}

export interface ConfigMap {
  readonly metadata: ObjectMeta;
  readonly data?: Readonly<Record<string, string>>;
  readonly binaryData?: Readonly<Record<string, string>>;
}

export interface Secret {
  readonly metadata: ObjectMeta;
  /** base64, as the API server sends it */
  readonly data?: Readonly<Record<string, string>>;
}

export function podKey(pod: { readonly metadata: ObjectMeta }): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}
