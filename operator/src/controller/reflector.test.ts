import { describe, expect, it } from 'vitest';
import { nullMetrics } from '../admin/index.js';
import {
  KubeApiError,
  type KubeApi,
  type KubeList,
  type KubeObject,
  type WatchEvent,
} from '../kube/index.js';
import { nullLogger } from '../log/index.js';
import { FakeClock } from './fake-clock.js';
import { ChangeType, Reflector } from './reflector.js';
import { ownerKey } from './watch-sources.js';

function owned(name: string, resourceVersion: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: 'team-a',
      uid: `uid-${name}`,
      resourceVersion,
      ownerReferences: [
        {
          apiVersion: 'cmf.io/v1alpha1',
          kind: 'ChatGateway',
          name: `owner-${name}`,
          uid: 'o',
          controller: true,
        },
      ],
    },
    data: { 'gateway.env': 'x'.repeat(10_000) },
  };
}

/** Lists from a script; the first watch fails with 410 Gone, later ones run until aborted. */
function scriptedApi(lists: KubeObject[][]): KubeApi & { watches: number } {
  const unused = (): Promise<never> => Promise.reject(new Error('not used by a reflector'));
  const api = {
    watches: 0,
    get: unused,
    create: unused,
    replace: unused,
    apply: unused,
    mergePatch: unused,
    delete: unused,
    list(): Promise<KubeList> {
      return Promise.resolve({ metadata: { resourceVersion: '100' }, items: lists.shift() ?? [] });
    },
    async watch(_path: string, _query: unknown, _onEvent: (event: WatchEvent) => void, signal: AbortSignal) {
      api.watches++;
      if (api.watches === 1) throw new KubeApiError(410, 'Expired', 'too old resource version');
      await new Promise<void>((resolve) => {
        signal.addEventListener(
          'abort',
          () => {
            resolve();
          },
          { once: true },
        );
      });
    },
  };
  return api;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

describe('Reflector', () => {
  it('relists identities and reports an object gone meanwhile as a deletion that maps to its owner', async () => {
    const clock = new FakeClock();
    const api = scriptedApi([[owned('a', '1'), owned('b', '1')], [owned('a', '1')]]);
    const changes: { object: KubeObject; change: ChangeType }[] = [];
    const reflector = new Reflector({
      api,
      path: '/api/v1/configmaps',
      kind: 'ConfigMap',
      onChange: (object, change) => {
        changes.push({ object, change });
      },
      clock,
      log: nullLogger,
      metrics: nullMetrics,
    });
    reflector.start();
    // The first watch fails with 410; the relist waits for the backoff.
    await until(() => clock.pending > 0);
    clock.advance(30_000);
    await until(() => api.watches === 2);
    await reflector.stop();

    expect(changes.map(({ object, change }) => [change, object.metadata.name])).toEqual([
      [ChangeType.Upsert, 'a'],
      [ChangeType.Upsert, 'b'],
      // a is unchanged (same resourceVersion) so not reported again; b vanished.
      [ChangeType.Delete, 'b'],
    ]);
    const gone = changes[2]?.object;
    expect(gone && ownerKey(gone)).toBe('team-a/owner-b');
    expect(gone?.metadata.uid).toBe('uid-b');
    // A relist hands over identities, listed or gone: never the 10 kB of data of each object.
    expect(changes.map(({ object }) => object['data'])).toEqual([undefined, undefined, undefined]);
    expect(changes.map(({ object }) => ownerKey(object))).toEqual([
      'team-a/owner-a',
      'team-a/owner-b',
      'team-a/owner-b',
    ]);
  });
});
