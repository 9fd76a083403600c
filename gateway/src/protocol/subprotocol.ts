/** The WebSocket subprotocol the gateway speaks; the server echoes exactly this entry. */
export const SUBPROTOCOL = 'cmf.v1.json';

/** Sent in `welcome.protocol`; a breaking change gets a new subprotocol name and version. */
export const PROTOCOL_VERSION = 1;

/** The HTTP path clients upgrade on. */
export const WEBSOCKET_PATH = '/connection/websocket';
