import path from 'node:path';
import { runDir } from '@cmf/test-harness';
import { NodeAgentError, NodeAgentErrorCode } from './errors.js';
import { IMAGES, type LocalImage } from './images.js';
import { KUBELET_BACKOFF, type BackoffPolicy } from './runtime/backoff.js';

/** Everything a NodeAgent can be told; every option but kubeconfig has a default. */
export interface NodeAgentOptions {
  /** Path of the kubeconfig the agent talks to the API server with. */
  readonly kubeconfig: string;
  /** The Node's name. Default: cmf-local-node. */
  readonly nodeName?: string;
  /** Pod directories (volumes, logs). Default: <runDir>/node-agent/<nodeName>. */
  readonly stateDir?: string;
  /** Where loopback address reservations live, shared with Service proxies. Default: <runDir>/loopback. */
  readonly addressDir?: string;
  /** CrashLoopBackOff and image-pull backoff. Default: the kubelet's 10 s doubling to 5 min, reset after 10 min. */
  readonly backoff?: Partial<BackoffPolicy>;
  /** Lease duration the node announces. Default: 40 s (the kubelet's). */
  readonly leaseDurationSeconds?: number;
  /** How often the Lease is renewed. Default: 10 s. */
  readonly leaseRenewMs?: number;
  /** How often the Ready condition's heartbeat is written. Default: 60 s. */
  readonly statusReportMs?: number;
  /** Full re-list of pods this often. Default: 30 s. */
  readonly resyncMs?: number;
  /** Pods the node accepts (capacity). Default: 110. */
  readonly maxPods?: number;
  /** Image repository to local programs. Default: IMAGES from images.ts. */
  readonly images?: Readonly<Record<string, LocalImage>>;
  /** Processes whose death means the agent's containers must die too (the test process). Default: none. */
  readonly ownerPids?: readonly number[];
}

export type NodeAgentConfig = Required<Omit<NodeAgentOptions, 'backoff'>> & {
  readonly backoff: BackoffPolicy;
};

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function invalid(message: string): NodeAgentError {
  return new NodeAgentError(NodeAgentErrorCode.ConfigInvalid, message);
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw invalid(`${name} must be a positive number, got ${String(value)}`);
  return value;
}

/** Resolves options into the one config object the agent runs with; rejects conflicts precisely. */
export function resolveNodeAgentConfig(options: NodeAgentOptions): NodeAgentConfig {
  if (options.kubeconfig === '') throw invalid('kubeconfig is required');
  const nodeName = options.nodeName ?? 'cmf-local-node';
  if (nodeName.length > 253 || !DNS_SUBDOMAIN.test(nodeName)) {
    throw invalid(`nodeName "${nodeName}" is not a DNS subdomain (lower case letters, digits, '-' and '.')`);
  }
  const backoff: BackoffPolicy = {
    initialMs: positive('backoff.initialMs', options.backoff?.initialMs ?? KUBELET_BACKOFF.initialMs),
    maxMs: positive('backoff.maxMs', options.backoff?.maxMs ?? KUBELET_BACKOFF.maxMs),
    resetAfterMs: positive(
      'backoff.resetAfterMs',
      options.backoff?.resetAfterMs ?? KUBELET_BACKOFF.resetAfterMs,
    ),
  };
  if (backoff.initialMs > backoff.maxMs) {
    throw invalid(
      `backoff.initialMs (${String(backoff.initialMs)}) exceeds backoff.maxMs (${String(backoff.maxMs)})`,
    );
  }
  const leaseDurationSeconds = positive('leaseDurationSeconds', options.leaseDurationSeconds ?? 40);
  const leaseRenewMs = positive('leaseRenewMs', options.leaseRenewMs ?? 10_000);
  if (leaseRenewMs >= leaseDurationSeconds * 1000) {
    throw invalid(
      `leaseRenewMs (${String(leaseRenewMs)}) must be shorter than leaseDurationSeconds (${String(leaseDurationSeconds)} s)`,
    );
  }
  return {
    kubeconfig: options.kubeconfig,
    nodeName,
    stateDir: options.stateDir ?? path.join(runDir, 'node-agent', nodeName),
    addressDir: options.addressDir ?? path.join(runDir, 'loopback'),
    backoff,
    leaseDurationSeconds,
    leaseRenewMs,
    statusReportMs: positive('statusReportMs', options.statusReportMs ?? 60_000),
    resyncMs: positive('resyncMs', options.resyncMs ?? 30_000),
    maxPods: positive('maxPods', options.maxPods ?? 110),
    images: options.images ?? IMAGES,
    ownerPids: options.ownerPids ?? [],
  };
}
