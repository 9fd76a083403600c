export { ServiceProxy, type ServiceProxyOptions } from './service-proxy.js';
export { readyBackends, RoundRobin, type Backend, type EndpointSlice } from './endpoint-picker.js';
