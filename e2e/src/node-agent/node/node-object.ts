import os from 'node:os';
import { POD_CIDR } from '../network/pod-network.js';

export interface NodeFacts {
  readonly nodeName: string;
  readonly hostIP: string;
  readonly capacity: Readonly<Record<string, string>>;
}

/** What this machine offers, in the units the kubelet reports. */
export function machineCapacity(maxPods: number): Record<string, string> {
  return {
    cpu: String(os.availableParallelism()),
    memory: `${String(Math.floor(os.totalmem() / 1024))}Ki`,
    pods: String(maxPods),
    'ephemeral-storage': '100Gi',
  };
}

function readyConditions(at: string, since: string): object[] {
  const ok = (type: string, reason: string, message: string) => ({
    type,
    status: 'False',
    reason,
    message,
    lastHeartbeatTime: at,
    lastTransitionTime: since,
  });
  return [
    ok('MemoryPressure', 'KubeletHasSufficientMemory', 'node has sufficient memory available'),
    ok('DiskPressure', 'KubeletHasNoDiskPressure', 'node has no disk pressure'),
    ok('PIDPressure', 'KubeletHasSufficientPID', 'node has sufficient PID available'),
    {
      type: 'Ready',
      status: 'True',
      reason: 'KubeletReady',
      message: 'CMF node agent is posting ready status',
      lastHeartbeatTime: at,
      lastTransitionTime: since,
    },
  ];
}

export function renderNodeStatus(facts: NodeFacts, at: string, since: string): object {
  return {
    capacity: facts.capacity,
    allocatable: facts.capacity,
    conditions: readyConditions(at, since),
    addresses: [
      { type: 'InternalIP', address: facts.hostIP },
      { type: 'Hostname', address: facts.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
    nodeInfo: {
      architecture: process.arch === 'x64' ? 'amd64' : process.arch,
      operatingSystem: 'linux',
      osImage: `${os.type()} ${os.release()}`,
      kernelVersion: os.release(),
      containerRuntimeVersion: `cmf-local://${process.version}`,
      kubeletVersion: 'v1.35.0-cmf',
      kubeProxyVersion: '',
      machineID: '',
      systemUUID: '',
      bootID: '',
    },
  };
}

export function renderNode(facts: NodeFacts, at: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: facts.nodeName,
      labels: {
        'kubernetes.io/hostname': facts.nodeName,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': process.arch === 'x64' ? 'amd64' : process.arch,
        'node.cmf.io/local': 'true',
      },
    },
    spec: { podCIDR: POD_CIDR, podCIDRs: [POD_CIDR] },
    status: renderNodeStatus(facts, at, at),
  };
}

/** The node's heartbeat in kube-node-lease, owned by the Node so it goes when the Node goes. */
export function renderLease(
  nodeName: string,
  nodeUid: string,
  durationSeconds: number,
  renewTime: string,
): object {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: nodeName,
      namespace: 'kube-node-lease',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }],
    },
    spec: { holderIdentity: nodeName, leaseDurationSeconds: durationSeconds, renewTime },
  };
}
