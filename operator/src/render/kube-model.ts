import type {
  V1Container as V1ContainerModel,
  V1DeploymentSpec as V1DeploymentSpecModel,
  V1IngressSpec as V1IngressSpecModel,
  V1NetworkPolicyEgressRule as V1NetworkPolicyEgressRuleModel,
  V1NetworkPolicyPeer as V1NetworkPolicyPeerModel,
  V1NetworkPolicyPort as V1NetworkPolicyPortModel,
  V1NetworkPolicySpec as V1NetworkPolicySpecModel,
  V1PodDisruptionBudgetSpec as V1PodDisruptionBudgetSpecModel,
  V1PodTemplateSpec as V1PodTemplateSpecModel,
  V1Probe as V1ProbeModel,
  V1ResourceRequirements as V1ResourceRequirementsModel,
  V1SecurityContext as V1SecurityContextModel,
  V1ServicePort as V1ServicePortModel,
  V1ServiceSpec as V1ServiceSpecModel,
  V1TopologySpreadConstraint as V1TopologySpreadConstraintModel,
  V1Volume as V1VolumeModel,
  V1VolumeMount as V1VolumeMountModel,
  V2HorizontalPodAutoscalerSpec as V2HorizontalPodAutoscalerSpecModel,
  V2MetricSpec as V2MetricSpecModel,
} from '@kubernetes/client-node';

/**
 * A client-node model as the plain JSON object it describes: the same fields, recursively, without
 * the class (rendered objects are object literals, never constructed models). Gives the builders
 * the API's field names and types at compile time. Dates are strings on the wire.
 */
export type KubeModel<T> = T extends readonly (infer Item)[]
  ? KubeModel<Item>[]
  : T extends Date
    ? string
    : T extends object
      ? { [K in keyof T]: KubeModel<T[K]> }
      : T;

// The API types the builders render, as plain JSON.
export type V1Container = KubeModel<V1ContainerModel>;
export type V1DeploymentSpec = KubeModel<V1DeploymentSpecModel>;
export type V1IngressSpec = KubeModel<V1IngressSpecModel>;
export type V1NetworkPolicyEgressRule = KubeModel<V1NetworkPolicyEgressRuleModel>;
export type V1NetworkPolicyPeer = KubeModel<V1NetworkPolicyPeerModel>;
export type V1NetworkPolicyPort = KubeModel<V1NetworkPolicyPortModel>;
export type V1NetworkPolicySpec = KubeModel<V1NetworkPolicySpecModel>;
export type V1PodDisruptionBudgetSpec = KubeModel<V1PodDisruptionBudgetSpecModel>;
export type V1PodTemplateSpec = KubeModel<V1PodTemplateSpecModel>;
export type V1Probe = KubeModel<V1ProbeModel>;
export type V1ResourceRequirements = KubeModel<V1ResourceRequirementsModel>;
export type V1SecurityContext = KubeModel<V1SecurityContextModel>;
export type V1ServicePort = KubeModel<V1ServicePortModel>;
export type V1ServiceSpec = KubeModel<V1ServiceSpecModel>;
export type V1TopologySpreadConstraint = KubeModel<V1TopologySpreadConstraintModel>;
export type V1Volume = KubeModel<V1VolumeModel>;
export type V1VolumeMount = KubeModel<V1VolumeMountModel>;
export type V2HorizontalPodAutoscalerSpec = KubeModel<V2HorizontalPodAutoscalerSpecModel>;
export type V2MetricSpec = KubeModel<V2MetricSpecModel>;
