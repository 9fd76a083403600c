import {
  ConditionReason,
  GatewayPodLabel,
  GatewayPodLabelValue,
  type ChatGateway,
} from '../api/v1alpha1/index.js';
import {
  collectionPath,
  isAlreadyExists,
  isNotFound,
  KubeApiError,
  objectPath,
  type KubeApi,
  type KubeObject,
  type ResourceType,
} from '../kube/index.js';
import type { RenderedObject } from '../render/render-input.js';
import { ReconcileProblem } from './reconcile-problem.js';
import { HANDOVER_FIELD_MANAGER, leavesReplicas, replicasHandover } from './replicas-handover.js';

/** Every write of the operator is made as this field manager (server-side apply and status). */
export const FIELD_MANAGER = 'cmf-operator';

export const managedBySelector = `${GatewayPodLabel.ManagedBy}=${GatewayPodLabelValue.ManagedBy}`;

function describe(object: { readonly kind?: string; readonly metadata: { readonly name?: string } }): string {
  return `${object.kind ?? 'object'} ${object.metadata.name ?? ''}`;
}

/** The ChatGateway's uid when it is the object's controller. */
export function controllerUid(object: KubeObject): string | undefined {
  return object.metadata.ownerReferences?.find((ref) => ref.controller === true)?.uid;
}

/**
 * The objects a ChatGateway owns, written with server-side apply. Applying the same rendered
 * object twice is a no-op on the server (no new resourceVersion), which is what makes reconciles
 * cheap to repeat; force takes back a field someone edited by hand.
 */
export class OwnedObjects {
  private readonly types: ReadonlyMap<string, ResourceType>;

  constructor(
    private readonly api: KubeApi,
    ownedKinds: readonly ResourceType[],
  ) {
    this.types = new Map(ownedKinds.map((type) => [`${type.apiVersion}/${type.kind}`, type]));
  }

  private typeOf(object: RenderedObject): ResourceType {
    const type = this.types.get(`${object.apiVersion}/${object.kind}`);
    if (type === undefined) {
      throw new ReconcileProblem(
        ConditionReason.InvalidSpec,
        `${describe(object)}: ${object.apiVersion} ${object.kind} is not an owned kind`,
      );
    }
    return type;
  }

  private path(object: RenderedObject): string {
    return objectPath(this.typeOf(object), object.metadata.namespace, object.metadata.name);
  }

  /** Applies in order; the first refusal stops (later objects may depend on earlier ones). */
  async apply(objects: readonly RenderedObject[]): Promise<KubeObject[]> {
    const applied: KubeObject[] = [];
    for (const object of objects) {
      try {
        if (leavesReplicas(object)) await this.handOverReplicas(object);
        applied.push(await this.api.apply(this.path(object), object, FIELD_MANAGER));
      } catch (err) {
        // 4xx: the server refuses this object as rendered; retrying the same body cannot help
        // until the spec or the cluster changes. Anything else is transient and rethrown.
        if (err instanceof KubeApiError && err.status >= 400 && err.status < 500 && err.status !== 429) {
          throw new ReconcileProblem(ConditionReason.ApplyFailed, `${describe(object)}: ${err.message}`, {
            cause: err,
          });
        }
        throw err;
      }
    }
    return applied;
  }

  /**
   * Before the first apply without spec.replicas (autoscaling turned on), a second manager takes
   * the field at its live value, so it is not reset to 1 until the HPA scales. Only a Deployment
   * that leaves replicas out pays for the extra read, and only once does the patch change anything.
   */
  private async handOverReplicas(object: RenderedObject): Promise<void> {
    const path = this.path(object);
    let live: KubeObject | undefined;
    try {
      live = await this.api.get(path);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const handover = replicasHandover(object, live, FIELD_MANAGER);
    if (handover !== undefined) await this.api.apply(path, handover, HANDOVER_FIELD_MANAGER);
  }

  /** Creates `object` unless an object of that name exists; never updates it. */
  async createIfAbsent(object: RenderedObject): Promise<boolean> {
    const path = this.path(object);
    try {
      await this.api.get(path);
      return false;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    try {
      await this.api.create(
        collectionPath(this.typeOf(object), object.metadata.namespace) + `?fieldManager=${FIELD_MANAGER}`,
        object,
      );
      return true;
    } catch (err) {
      if (isAlreadyExists(err)) return false;
      if (err instanceof KubeApiError && err.status >= 400 && err.status < 500 && err.status !== 429) {
        throw new ReconcileProblem(ConditionReason.ApplyFailed, `${describe(object)}: ${err.message}`, {
          cause: err,
        });
      }
      throw err;
    }
  }

  /**
   * Deletes every object this ChatGateway controls that is not in `keep`: the Ingress once
   * ingress is turned off, the HPA once autoscaling is, and anything renamed. Returns what went.
   */
  async prune(gateway: ChatGateway, keep: readonly RenderedObject[]): Promise<string[]> {
    const namespace = gateway.metadata.namespace ?? '';
    const wanted = new Set(
      keep.map((object) => `${object.apiVersion}/${object.kind}/${object.metadata.name}`),
    );
    const deleted: string[] = [];
    for (const type of this.types.values()) {
      const list = await this.api.list(collectionPath(type, namespace), { labelSelector: managedBySelector });
      for (const item of list.items) {
        const name = item.metadata.name ?? '';
        if (controllerUid(item) !== gateway.metadata.uid) continue;
        if (wanted.has(`${type.apiVersion}/${type.kind}/${name}`)) continue;
        await this.api.delete(objectPath(type, namespace, name), item.metadata.uid);
        deleted.push(`${type.kind} ${name}`);
      }
    }
    return deleted;
  }
}
