/** Stable codes for every failure the node agent reports; tests and callers branch on these, never on messages. */
export const NodeAgentErrorCode = {
  ConfigInvalid: 'NODE_AGENT_CONFIG_INVALID',
  KubeApi: 'NODE_AGENT_KUBE_API',
  ImageUnknown: 'NODE_AGENT_IMAGE_UNKNOWN',
  CommandNotFound: 'NODE_AGENT_COMMAND_NOT_FOUND',
  ConfigSource: 'NODE_AGENT_CONFIG_SOURCE',
  VolumeUnsupported: 'NODE_AGENT_VOLUME_UNSUPPORTED',
  AddressesExhausted: 'NODE_AGENT_ADDRESSES_EXHAUSTED',
} as const;
export type NodeAgentErrorCode = (typeof NodeAgentErrorCode)[keyof typeof NodeAgentErrorCode];

export class NodeAgentError extends Error {
  override readonly name = 'NodeAgentError';
  constructor(
    readonly code: NodeAgentErrorCode,
    message: string,
    /** True when trying again later may succeed (a ConfigMap may appear, the API server may come back). */
    readonly retriable = false,
  ) {
    super(message);
  }
}
