/** The parts of any object's metadata the operator reads; everything else passes through untyped. */
export interface KubeMetadata {
  readonly name?: string;
  readonly generateName?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly generation?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly {
    readonly apiVersion: string;
    readonly kind: string;
    readonly name: string;
    readonly uid: string;
    readonly controller?: boolean;
  }[];
  readonly finalizers?: readonly string[];
  readonly deletionTimestamp?: string;
  readonly creationTimestamp?: string;
}

/** An object as JSON from (or for) the API server. */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: KubeMetadata;
  readonly [field: string]: unknown;
}

export interface KubeList {
  readonly metadata: { readonly resourceVersion?: string; readonly continue?: string };
  readonly items: readonly KubeObject[];
}

export const WatchEventType = {
  Added: 'ADDED',
  Modified: 'MODIFIED',
  Deleted: 'DELETED',
  Bookmark: 'BOOKMARK',
  Error: 'ERROR',
} as const;
export type WatchEventType = (typeof WatchEventType)[keyof typeof WatchEventType];

/** One line of a watch stream. For ERROR, `object` is a metav1.Status. */
export interface WatchEvent {
  readonly type: WatchEventType;
  readonly object: KubeObject & {
    readonly code?: number;
    readonly reason?: string;
    readonly message?: string;
  };
}

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * The API server as the operator uses it: JSON in, JSON out, paths from resource-type.ts. One
 * small seam so unit tests use a fake and integration tests the real server.
 */
export interface KubeApi {
  get(path: string): Promise<KubeObject>;
  list(path: string, query?: Query): Promise<KubeList>;
  create(path: string, body: unknown): Promise<KubeObject>;
  /** PUT: replaces the object; a resourceVersion in the body makes it conditional. */
  replace(path: string, body: unknown): Promise<KubeObject>;
  /** Server-side apply (application/apply-patch+yaml) with force: this manager takes every field it sends. */
  apply(path: string, body: unknown, fieldManager: string): Promise<KubeObject>;
  /** JSON merge patch; a metadata.resourceVersion in the body makes it conditional. */
  mergePatch(path: string, body: unknown): Promise<KubeObject>;
  /** Resolves when deleted or already gone; `uid` refuses to delete a newer object of the same name. */
  delete(path: string, uid?: string): Promise<void>;
  /**
   * Streams a watch until the server ends it (resolves), the connection fails (rejects with a
   * KubeApiError) or `signal` aborts (resolves).
   */
  watch(path: string, query: Query, onEvent: (event: WatchEvent) => void, signal: AbortSignal): Promise<void>;
}
