import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane, eventually, repoRoot } from '@cmf/test-harness';
import { nullMetrics } from '../../src/admin/index.js';
import { systemClock } from '../../src/controller/clock.js';
import { ChangeType, Reflector } from '../../src/controller/reflector.js';
import { ownerKey } from '../../src/controller/watch-sources.js';
import {
  collectionPath,
  CoreResources,
  HttpKubeApi,
  KubeApiError,
  loadKubeConfig,
  objectPath,
  type KubeApi,
  type KubeObject,
} from '../../src/kube/index.js';
import { createLogger } from '../../src/log/index.js';

// The reflector keeps, and a relist hands over, only the identity of each object. On a real API
// server: an owned object deleted while its watch was down is still reported, by the relist, as a
// deletion that maps to its ChatGateway.

const NAMESPACE = 'reflector';
const crdFile = path.join(repoRoot, 'crds', 'chatgateways.cmf.io.yaml');

/** The real API, with a watch that can be made deaf and then broken, as a lost connection would. */
class DeafeningApi {
  deaf = false;
  private hangUps = 0;
  private breakWatch: (() => void) | undefined;
  readonly api: KubeApi;

  constructor(real: KubeApi) {
    this.api = Object.assign(Object.create(real) as KubeApi, {
      watch: async (...[p, query, onEvent, signal]: Parameters<KubeApi['watch']>): Promise<void> => {
        const local = new AbortController();
        signal.addEventListener(
          'abort',
          () => {
            local.abort();
          },
          { once: true },
        );
        const hangUpsBefore = this.hangUps;
        this.breakWatch = () => {
          local.abort();
        };
        await real.watch(
          p,
          query,
          (event) => {
            if (!this.deaf) onEvent(event);
          },
          local.signal,
        );
        if (this.hangUps !== hangUpsBefore)
          throw new KubeApiError(0, 'Unreachable', 'watch connection lost (test)');
      },
    });
  }

  /** Ends the current watch as a broken connection; the reflector relists. */
  hangUp(): void {
    this.deaf = false;
    this.hangUps++;
    this.breakWatch?.();
  }
}

describe('Reflector on a real API server', () => {
  let plane: ControlPlane;

  beforeAll(async () => {
    plane = await ControlPlane.start();
    await plane.kubectl(['apply', '--server-side', '-f', crdFile]);
    await plane.kubectl(['wait', '--for=condition=Established', 'crd/chatgateways.cmf.io', '--timeout=60s']);
    await plane.kubectl(['create', 'namespace', NAMESPACE]);
  });

  afterAll(async () => {
    await plane.destroy();
  });

  it('reports an owned object deleted while unwatched as a deletion of its ChatGateway’s object', async () => {
    const real = new HttpKubeApi(loadKubeConfig(plane.kubeconfig));
    const owner = await real.create(`/apis/cmf.io/v1alpha1/namespaces/${NAMESPACE}/chatgateways`, {
      apiVersion: 'cmf.io/v1alpha1',
      kind: 'ChatGateway',
      metadata: { name: 'chat', namespace: NAMESPACE },
      spec: {
        replicas: 1,
        kafka: { topicPrefix: 'chat', partitions: 1 },
        auth: {
          issuers: [{ issuer: 'https://id.cmf.test', audience: 'cmf', jwksUrl: 'https://id.cmf.test/jwks' }],
        },
      },
    });
    await real.create(collectionPath(CoreResources.secret, NAMESPACE), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'chat-token',
        namespace: NAMESPACE,
        labels: { 'app.kubernetes.io/managed-by': 'cmf-operator' },
        ownerReferences: [
          {
            apiVersion: 'cmf.io/v1alpha1',
            kind: 'ChatGateway',
            name: 'chat',
            uid: owner.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      stringData: { token: 'x'.repeat(4096) },
    });

    const wrapped = new DeafeningApi(real);
    const changes: { object: KubeObject; change: ChangeType }[] = [];
    const reflector = new Reflector({
      api: wrapped.api,
      path: collectionPath(CoreResources.secret, NAMESPACE),
      kind: 'Secret',
      labelSelector: 'app.kubernetes.io/managed-by=cmf-operator',
      onChange: (object, change) => {
        changes.push({ object, change });
      },
      clock: systemClock,
      log: createLogger('error'),
      metrics: nullMetrics,
    });
    reflector.start();
    try {
      await eventually('the Secret listed', () =>
        Promise.resolve(
          changes.some((c) => c.change === ChangeType.Upsert && c.object.metadata.name === 'chat-token'),
        ),
      );
      wrapped.deaf = true;
      await real.delete(objectPath(CoreResources.secret, NAMESPACE, 'chat-token'));
      wrapped.hangUp();
      await eventually('the deletion reported by the relist', () =>
        Promise.resolve(changes.some((c) => c.change === ChangeType.Delete)),
      );
      const deletions = changes.filter((c) => c.change === ChangeType.Delete);
      expect(deletions.map((c) => c.object.metadata.name)).toEqual(['chat-token']);
      const gone = deletions[0]?.object;
      expect(gone === undefined ? undefined : ownerKey(gone)).toBe(`${NAMESPACE}/chat`);
      // Listed and gone alike, the relists handed over identities, not the data.
      expect(changes.map((c) => [c.change, c.object['data']])).toEqual([
        [ChangeType.Upsert, undefined],
        [ChangeType.Delete, undefined],
      ]);
    } finally {
      await reflector.stop();
    }
  });
});
