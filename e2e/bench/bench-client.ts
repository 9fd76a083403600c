import { WebSocket, type RawData } from 'ws';
import type { ClientStats } from './client-stats.js';

const SUBPROTOCOL = 'cmf.v1.json';
const SETUP_TIMEOUT_MS = 60_000;

/**
 * One client socket: connect with the token as a subprotocol entry (as browsers do), wait for
 * `welcome`, subscribe to one room, wait for `subscribed`; from then on every frame goes to
 * `stats`. Resolves with the open socket once subscribed; rejects with the reason otherwise.
 */
export function openSubscribedSocket(
  url: string,
  token: string,
  room: string,
  stats: ClientStats,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, [SUBPROTOCOL, `cmf.token.${token}`], {
      perMessageDeflate: false,
      // The server's frames are ours; validating UTF-8 would only spend client CPU that the
      // server under test competes for on this machine (same for gateway and baseline).
      skipUTF8Validation: true,
      handshakeTimeout: SETUP_TIMEOUT_MS,
    });
    let subscribed = false;
    const fail = (reason: string): void => {
      clearTimeout(timer);
      ws.terminate();
      reject(new Error(reason));
    };
    const timer = setTimeout(() => {
      fail(`no subscribed reply within ${SETUP_TIMEOUT_MS} ms`);
    }, SETUP_TIMEOUT_MS);

    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        fail(`handshake refused: HTTP ${String(res.statusCode)} ${body}`);
      });
    });
    ws.on('error', (err) => {
      if (!subscribed) fail(`socket error before subscribing: ${err.message}`);
    });
    ws.on('close', (code, reason) => {
      if (subscribed) {
        stats.open--;
        stats.onClose(code);
      } else {
        fail(`closed before subscribing: ${code} ${reason.toString()}`);
      }
    });
    ws.on('message', (raw: RawData) => {
      // binaryType is the default 'nodebuffer': ws hands over one Buffer per message.
      const data = raw as Buffer;
      if (subscribed) {
        stats.onFrame(data);
        return;
      }
      // Setup frames are few: parsing them properly is worth it to report refusals exactly.
      const frame = JSON.parse(data.toString('utf8')) as {
        type?: string;
        rooms?: { ok?: boolean; error?: { code?: string } }[];
      };
      if (frame.type === 'welcome') {
        ws.send(JSON.stringify({ type: 'subscribe', id: 1, rooms: [{ room }] }));
      } else if (frame.type === 'subscribed') {
        const result = frame.rooms?.[0];
        if (result?.ok !== true) {
          fail(`subscribe to ${room} refused: ${result?.error?.code ?? 'no result'}`);
          return;
        }
        subscribed = true;
        clearTimeout(timer);
        stats.open++;
        resolve(ws);
      } else {
        fail(`unexpected frame before subscribed: ${data.toString('utf8', 0, 200)}`);
      }
    });
  });
}
