export { AdminServer, type AdminProbes } from './admin-server.js';
