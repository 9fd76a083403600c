import type { ClientStats } from './client-stats.js';
import { RawWebSocket } from './raw-ws/raw-web-socket.js';
import { RawWsErrorCodes } from './raw-ws/raw-ws-error.js';

const SUBPROTOCOL = 'cmf.v1.json';
const SETUP_TIMEOUT_MS = 60_000;

interface SetupFrame {
  type?: string;
  rooms?: { ok?: boolean; error?: { code?: string } }[];
}

/**
 * One client socket: connect with the token as a subprotocol entry (as browsers do), wait for
 * `welcome`, subscribe to one room, wait for `subscribed`; from then on every frame goes to
 * `stats`. Resolves with the open socket once subscribed; rejects with the reason otherwise.
 *
 * The socket is a RawWebSocket, not `ws`: the clients share the machine with the server under
 * test, so receiving a frame must cost them as little as possible (same for gateway and baseline).
 */
export function openSubscribedSocket(
  url: string,
  token: string,
  room: string,
  stats: ClientStats,
): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    let subscribed = false;
    let failed = false;
    const fail = (reason: string): void => {
      if (failed) return;
      failed = true;
      clearTimeout(timer);
      socket.terminate();
      reject(new Error(reason));
    };
    // Setup frames are few: parsing them properly is worth it to report refusals exactly.
    const onSetupFrame = (data: Buffer): void => {
      let frame: SetupFrame;
      try {
        frame = JSON.parse(data.toString('utf8')) as SetupFrame;
      } catch {
        fail(`unexpected frame before subscribed: ${data.toString('utf8', 0, 200)}`);
        return;
      }
      if (frame.type === 'welcome') {
        socket.sendText(JSON.stringify({ type: 'subscribe', id: 1, rooms: [{ room }] }));
      } else if (frame.type === 'subscribed') {
        const result = frame.rooms?.[0];
        if (result?.ok !== true) {
          fail(`subscribe to ${room} refused: ${result?.error?.code ?? 'no result'}`);
          return;
        }
        subscribed = true;
        clearTimeout(timer);
        stats.open++;
        resolve(socket);
      } else {
        fail(`unexpected frame before subscribed: ${data.toString('utf8', 0, 200)}`);
      }
    };

    const socket = new RawWebSocket({
      url,
      protocols: [SUBPROTOCOL, `cmf.token.${token}`],
      handshakeTimeoutMs: SETUP_TIMEOUT_MS,
      events: {
        text: (data) => {
          if (subscribed) stats.onFrame(data);
          else onSetupFrame(data);
        },
        error: (err) => {
          if (subscribed) return;
          // The refusal's message is already `handshake refused: HTTP <status> <body>`.
          fail(
            err.code === RawWsErrorCodes.handshakeRefused
              ? err.message
              : `socket error before subscribing: ${err.message}`,
          );
        },
        close: (code, reason) => {
          if (subscribed) {
            stats.open--;
            stats.onClose(code);
          } else {
            fail(`closed before subscribing: ${code} ${reason}`);
          }
        },
      },
    });
    const timer = setTimeout(() => {
      fail(`no subscribed reply within ${SETUP_TIMEOUT_MS} ms`);
    }, SETUP_TIMEOUT_MS);
  });
}
