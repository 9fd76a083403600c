export { deploymentState, type DeploymentState } from './deployment-state.js';
export { gatewayStatus, type Observation, type Problem } from './gateway-status.js';
export { setCondition, type ConditionInput } from './set-condition.js';
export { statusEqual } from './status-equal.js';
export { statusEvents } from './status-events.js';
