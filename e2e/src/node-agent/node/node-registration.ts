import type { KubeApi } from '../kube/kube-api.js';
import { ContentType } from '../kube/kube-api.js';
import { isConflict, isNotFound } from '../kube/kube-api-error.js';
import { renderLease, renderNode, renderNodeStatus, type NodeFacts } from './node-object.js';

function microNow(): string {
  return new Date().toISOString().replace('Z', '000Z');
}

function secondsNow(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

export interface RegistrationTiming {
  readonly leaseDurationSeconds: number;
  readonly leaseRenewMs: number;
  readonly statusReportMs: number;
}

/**
 * Registers the Node and keeps it alive as the kubelet does: the Lease renewed every few seconds
 * (what the node lifecycle controller reads), the Ready condition's heartbeat less often.
 */
export class NodeRegistration {
  private timers: NodeJS.Timeout[] = [];
  private readonly since = secondsNow();
  private uid = '';

  constructor(
    private readonly api: KubeApi,
    private readonly facts: NodeFacts,
    private readonly timing: RegistrationTiming,
    private readonly onError: (err: unknown) => void,
  ) {}

  async register(): Promise<void> {
    const at = secondsNow();
    try {
      const created = await this.api.request<{ metadata: { uid: string } }>(
        'POST',
        '/api/v1/nodes',
        renderNode(this.facts, at),
      );
      this.uid = created.metadata.uid;
    } catch (err) {
      if (!isConflict(err)) throw err;
      const existing = await this.api.request<{ metadata: { uid: string } }>('GET', this.nodePath());
      this.uid = existing.metadata.uid;
    }
    await this.reportStatus();
    await this.renewLease();
    this.timers = [
      setInterval(() => {
        this.renewLease().catch(this.onError);
      }, this.timing.leaseRenewMs),
      setInterval(() => {
        this.reportStatus().catch(this.onError);
      }, this.timing.statusReportMs),
    ];
  }

  /** Stops the heartbeats and deletes the Node (its Lease goes with it by owner reference). */
  async deregister(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    try {
      await this.api.request('DELETE', this.nodePath());
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private nodePath(): string {
    return `/api/v1/nodes/${encodeURIComponent(this.facts.nodeName)}`;
  }

  private async reportStatus(): Promise<void> {
    await this.api.request(
      'PATCH',
      `${this.nodePath()}/status`,
      { status: renderNodeStatus(this.facts, secondsNow(), this.since) },
      ContentType.MergePatch,
    );
  }

  private async renewLease(): Promise<void> {
    const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${encodeURIComponent(this.facts.nodeName)}`;
    const lease = renderLease(this.facts.nodeName, this.uid, this.timing.leaseDurationSeconds, microNow());
    try {
      await this.api.request('PATCH', path, lease, ContentType.MergePatch);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await this.api.request('POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', lease);
    }
  }
}
