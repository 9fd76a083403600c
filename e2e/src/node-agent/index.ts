export { NodeAgent } from './node-agent.js';
export { resolveNodeAgentConfig, type NodeAgentConfig, type NodeAgentOptions } from './node-agent-config.js';
export { NodeAgentError, NodeAgentErrorCode } from './errors.js';
export { IMAGES, type LocalImage, type LocalProgram } from './images.js';
export { LoopbackPool } from './network/loopback-pool.js';
export { HttpsKubeApi, type KubeApi } from './kube/kube-api.js';
export { ListWatch } from './kube/list-watch.js';
export { loopbackAddress, podNetworkAddress, POD_CIDR } from './network/pod-network.js';
