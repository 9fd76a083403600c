import type { KubeApi, KubeList, KubeObject, Query, WatchEvent } from './kube-object.js';
import { requestResource } from './request-resource.js';

/** Kubernetes' own verb names, as the API server's audit log and metrics use them. */
export type KubeVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

/** Told of every request before it is sent, whether it then succeeds or not. */
export type RequestObserver = (verb: KubeVerb, resource: string) => void;

/**
 * A KubeApi that reports each request it passes on: the steady-state request rate is the cost the
 * operator puts on the API server, so it is counted at the one seam every call goes through.
 */
export class CountedKubeApi implements KubeApi {
  constructor(
    private readonly api: KubeApi,
    private readonly observe: RequestObserver,
  ) {}

  get(path: string): Promise<KubeObject> {
    this.observe('get', requestResource(path));
    return this.api.get(path);
  }

  list(path: string, query?: Query): Promise<KubeList> {
    this.observe('list', requestResource(path));
    return this.api.list(path, query);
  }

  create(path: string, body: unknown): Promise<KubeObject> {
    this.observe('create', requestResource(path));
    return this.api.create(path, body);
  }

  replace(path: string, body: unknown): Promise<KubeObject> {
    this.observe('update', requestResource(path));
    return this.api.replace(path, body);
  }

  apply(path: string, body: unknown, fieldManager: string): Promise<KubeObject> {
    this.observe('patch', requestResource(path));
    return this.api.apply(path, body, fieldManager);
  }

  mergePatch(path: string, body: unknown): Promise<KubeObject> {
    this.observe('patch', requestResource(path));
    return this.api.mergePatch(path, body);
  }

  delete(path: string, uid?: string): Promise<void> {
    this.observe('delete', requestResource(path));
    return this.api.delete(path, uid);
  }

  watch(
    path: string,
    query: Query,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void> {
    this.observe('watch', requestResource(path));
    return this.api.watch(path, query, onEvent, signal);
  }
}
