import type { ServerFrame } from './server-frame.js';

/**
 * A server frame as the text of one WebSocket message. Pure; message frames that fan out to many
 * sockets go through encodeMessageFrame instead, which encodes once into a shared Buffer.
 */
export function encodeServerFrame(frame: ServerFrame): string {
  return JSON.stringify(frame);
}
