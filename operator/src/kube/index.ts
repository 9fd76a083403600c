export { CountedKubeApi, type KubeVerb, type RequestObserver } from './counted-kube-api.js';
export { EventType, KubeEventRecorder, type EventRecorder, type RecordedEvent } from './event-recorder.js';
export { HttpKubeApi } from './http-kube-api.js';
export { isAlreadyExists, isConflict, isNotFound, KubeApiError, KubeReason } from './kube-api-error.js';
export {
  WatchEventType,
  type KubeApi,
  type KubeList,
  type KubeMetadata,
  type KubeObject,
  type Query,
  type WatchEvent,
} from './kube-object.js';
export { loadKubeConfig } from './load-kube-config.js';
export {
  collectionPath,
  CoreResources,
  objectKey,
  objectPath,
  splitKey,
  type ResourceType,
} from './resource-type.js';
export { requestResource } from './request-resource.js';
