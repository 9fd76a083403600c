import { describe, expect, it } from 'vitest';
import { parseSeed } from '../../src/messenger/rooms/seed.js';
import {
  chooseNodePort,
  containerOf,
  KindPlatformErrorCode,
  kindChatGatewaySpec,
  kubectlArgs,
  messengerPatch,
  nodePortPatch,
  parseKindSettings,
  pidFromInspect,
  podMetricsPath,
  portIndexOf,
  runCommand,
  SEED_DIGEST_ANNOTATION,
  seedJson,
  usedNodePorts,
  webSocketUrlOf,
} from './platform-kind.js';

const ENV = {
  CMF_E2E_KUBECONFIG: '/tmp/kind.kubeconfig',
  CMF_E2E_NAMESPACE: 'cmf-e2e',
  CMF_E2E_MESSENGER_URL: 'http://127.0.0.1:30081/',
  CMF_E2E_KAFKA_BOOTSTRAP: '127.0.0.1:30092',
  CMF_E2E_MEMBERSHIP_TOKEN: 'kind-e2e-membership-token-0123456789',
  CMF_E2E_GATEWAY_NODE_PORTS: '30100-30109',
};

describe('parseKindSettings', () => {
  it('reads what run.sh exports, with the runtime defaulting to docker', () => {
    expect(parseKindSettings(ENV)).toEqual({
      kubeconfig: '/tmp/kind.kubeconfig',
      infraNamespace: 'cmf-e2e',
      messengerUrl: 'http://127.0.0.1:30081',
      kafkaBootstrap: '127.0.0.1:30092',
      membershipToken: 'kind-e2e-membership-token-0123456789',
      gatewayNodePorts: { first: 30100, last: 30109 },
      nodeRuntime: 'docker',
    });
    expect(parseKindSettings({ ...ENV, CMF_E2E_NODE_RUNTIME: 'podman' }).nodeRuntime).toBe('podman');
  });

  it('names a missing variable', () => {
    const missing = { ...ENV, CMF_E2E_KAFKA_BOOTSTRAP: undefined };
    expect(() => parseKindSettings(missing)).toThrow(/^CMF_E2E_KAFKA_BOOTSTRAP is not set/);
    expect(() => parseKindSettings(missing)).toThrow(
      expect.objectContaining({ code: KindPlatformErrorCode.MissingSetting }),
    );
  });

  it.each(['30100', '30109-30100', '29999-30001', '30000-32768', 'a-b'])(
    'rejects the port range %s',
    (range) => {
      expect(() => parseKindSettings({ ...ENV, CMF_E2E_GATEWAY_NODE_PORTS: range })).toThrow(
        expect.objectContaining({ code: KindPlatformErrorCode.InvalidSetting }),
      );
    },
  );
});

describe('addresses and arguments', () => {
  it('puts the kubeconfig before the command', () => {
    expect(kubectlArgs('/k', ['get', 'pods'])).toEqual(['--kubeconfig', '/k', 'get', 'pods']);
  });

  it('reaches pod metrics through the API server proxy', () => {
    expect(podMetricsPath('chat-x', 'chat-7d9-abc', 9090)).toBe(
      '/api/v1/namespaces/chat-x/pods/chat-7d9-abc:9090/proxy/metrics',
    );
  });

  it('builds the gateway WebSocket URL on the host loopback', () => {
    expect(webSocketUrlOf(30101)).toBe('ws://127.0.0.1:30101/connection/websocket');
  });
});

describe('gateway NodePorts', () => {
  const range = { first: 30100, last: 30102 };

  it('keeps a port already inside the mapped range', () => {
    expect(chooseNodePort(range, new Set([30100, 30101]), 30101)).toBe(30101);
  });

  it('takes the lowest free mapped port for a Service outside the range', () => {
    expect(chooseNodePort(range, new Set([30100, 31555]), 31555)).toBe(30101);
  });

  it('fails with a stable code when the range is full', () => {
    expect(() => chooseNodePort(range, new Set([30100, 30101, 30102]), 31000)).toThrow(
      expect.objectContaining({ code: KindPlatformErrorCode.NodePortsExhausted }),
    );
  });

  it('collects every NodePort of every Service', () => {
    const used = usedNodePorts({
      items: [
        { spec: { type: 'ClusterIP', ports: [{ name: 'http' }] } },
        {
          spec: {
            type: 'NodePort',
            ports: [
              { name: 'ws', nodePort: 30100 },
              { name: 'x', nodePort: 31000 },
            ],
          },
        },
        {},
      ],
    });
    expect([...used].sort()).toEqual([30100, 31000]);
  });

  it('patches the ws port by its index', () => {
    const service = { spec: { ports: [{ name: 'admin' }, { name: 'ws', nodePort: 31000 }] } };
    expect(portIndexOf(service, 'ws')).toBe(1);
    expect(portIndexOf(service, 'nope')).toBe(-1);
    expect(JSON.parse(nodePortPatch(1, 30100))).toEqual([
      { op: 'replace', path: '/spec/ports/1/nodePort', value: 30100 },
    ]);
  });
});

describe('the messenger seed', () => {
  const rooms = [
    { roomId: 'team', members: ['alice', 'bob'] },
    { roomId: 'ops', members: ['carol'] },
  ];

  it('is a seed file the stand-in accepts as is', () => {
    const { seed, problems } = parseSeed(seedJson(rooms), 'seed.json');
    expect(problems).toEqual([]);
    expect(seed.rooms).toEqual(rooms);
  });

  it('rolls the messenger when the rooms change and sets the topic prefix by name', () => {
    const digest = (text: string): unknown =>
      (
        messengerPatch('e2e-a', text) as {
          spec: { template: { metadata: { annotations: Record<string, string> } } };
        }
      ).spec.template.metadata.annotations[SEED_DIGEST_ANNOTATION];
    expect(digest(seedJson(rooms))).toBe(digest(seedJson(rooms)));
    expect(digest(seedJson(rooms))).not.toBe(digest(seedJson(rooms.slice(1))));
    expect(messengerPatch('e2e-a', '{}')).toMatchObject({
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'messenger', env: [{ name: 'CMF_MESSENGER_TOPIC_PREFIX', value: 'e2e-a' }] },
            ],
          },
        },
      },
    });
  });
});

describe('kindChatGatewaySpec', () => {
  it('wires the cluster: static JWKS Secret, the messenger Service, a NodePort, the prefix', () => {
    const spec = kindChatGatewaySpec({ topicPrefix: 'e2e-delivery', infraNamespace: 'cmf-e2e' });
    expect(spec).toMatchObject({
      kafka: { topicPrefix: 'e2e-delivery', deletionPolicy: 'Delete' },
      auth: {
        issuers: [
          { publicKeySecretRef: { name: 'messenger-jwks', key: 'jwks.json' }, algorithms: ['ES256'] },
        ],
      },
      membership: {
        url: 'http://messenger.cmf-e2e.svc.cluster.local:8080',
        credentialsSecretRef: { name: 'messenger-api-token', key: 'token' },
      },
      service: { type: 'NodePort' },
    });
    expect(JSON.stringify(spec)).not.toContain('jwksUrl');
  });
});

describe('killing a container from its node', () => {
  const pod = {
    spec: { nodeName: 'cmf-e2e-control-plane' },
    status: {
      containerStatuses: [
        { name: 'gateway', containerID: 'containerd://4f2a9c' },
        { name: 'auth-sidecar', containerID: 'containerd://77aa01' },
      ],
    },
  };

  it('finds the node and the runtime id of the named container', () => {
    expect(containerOf(pod, 'auth-sidecar')).toEqual({ node: 'cmf-e2e-control-plane', id: '77aa01' });
  });

  it('refuses a container that is not running', () => {
    expect(() => containerOf(pod, 'other')).toThrow(
      expect.objectContaining({ code: KindPlatformErrorCode.NoSuchContainer }),
    );
    expect(() => containerOf({ status: pod.status }, 'gateway')).toThrow(
      expect.objectContaining({ code: KindPlatformErrorCode.NoSuchContainer }),
    );
  });

  it('reads the host pid from crictl inspect and refuses none or PID 1', () => {
    expect(pidFromInspect(JSON.stringify({ status: { id: '4f2a9c' }, info: { pid: 48213 } }))).toBe(48213);
    expect(() => pidFromInspect(JSON.stringify({ info: {} }))).toThrow(
      expect.objectContaining({ code: KindPlatformErrorCode.NoSuchContainer }),
    );
    expect(() => pidFromInspect(JSON.stringify({ info: { pid: 1 } }))).toThrow(
      expect.objectContaining({ code: KindPlatformErrorCode.NoSuchContainer }),
    );
  });
});

describe('runCommand', () => {
  it('returns stdout and feeds stdin', async () => {
    expect(await runCommand('sh', ['-c', 'cat; echo done'], 'in\n')).toBe('in\ndone\n');
  });

  it('rejects with the exit code and stderr', async () => {
    // Given input it never reads, as kubectl does when it fails before reading.
    const failing = (): Promise<string> =>
      runCommand('sh', ['-c', 'echo broken >&2; exit 3'], 'x'.repeat(1 << 20));
    await expect(failing()).rejects.toThrow(/exited 3: broken$/);
    await expect(failing()).rejects.toMatchObject({ code: KindPlatformErrorCode.CommandFailed });
  });
});
