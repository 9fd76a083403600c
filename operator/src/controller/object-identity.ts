import type { KubeObject } from '../kube/index.js';

/**
 * What a reflector remembers of an object it has seen: enough to tell a changed object from an
 * unchanged one on a relist (uid, resourceVersion) and to map one that vanished while nobody
 * watched to its queue key (namespace, name, the controller ownerReference). Remembering the whole
 * object instead would keep every watched ChatGateway and owned object in memory (about 57 KiB
 * per ChatGateway, most of it managedFields and pod templates) for nothing: reconciles read fresh.
 */
export function objectIdentity(object: KubeObject): KubeObject {
  const { name, namespace, uid, resourceVersion, ownerReferences } = object.metadata;
  const controller = ownerReferences?.find((ref) => ref.controller === true);
  return {
    ...(object.apiVersion === undefined ? {} : { apiVersion: object.apiVersion }),
    ...(object.kind === undefined ? {} : { kind: object.kind }),
    metadata: {
      ...(name === undefined ? {} : { name }),
      ...(namespace === undefined ? {} : { namespace }),
      ...(uid === undefined ? {} : { uid }),
      ...(resourceVersion === undefined ? {} : { resourceVersion }),
      ...(controller === undefined
        ? {}
        : {
            ownerReferences: [
              {
                apiVersion: controller.apiVersion,
                kind: controller.kind,
                name: controller.name,
                uid: controller.uid,
                controller: true,
              },
            ],
          }),
    },
  };
}
