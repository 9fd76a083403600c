import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { BaselineServerApi, BroadcastReport } from './baseline-server-api.js';
import { messageFrameOfSize } from './chat-frame.js';
import { serveRequests } from './ipc.js';

// The ceiling the gateway is compared with: a bare `ws` server in its own process, speaking just
// enough of cmf.v1.json (welcome, subscribe -> subscribed) that the load generator runs the very
// same client code against it, then broadcasting pre-encoded frames as fast as it can. No Kafka,
// no auth, no history: what is left is the cost of ws and the kernel moving frames.

const SUBPROTOCOL = 'cmf.v1.json';
/** Rooms broadcast per loop turn before yielding to I/O (pongs, IPC, closes). */
const ROOMS_PER_TURN = 20;

const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  perMessageDeflate: false,
  clientTracking: false,
  maxPayload: 64 * 1024,
  handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
});
const members = new Map<string, Set<WebSocket>>();
let connections = 0;

wss.on('connection', (ws) => {
  connections++;
  const joined: string[] = [];
  ws.send(JSON.stringify({ type: 'welcome', protocol: 1, connectionId: `baseline-${connections}` }));
  ws.on('message', (raw: RawData) => {
    const frame = JSON.parse((raw as Buffer).toString('utf8')) as {
      type: string;
      id: number;
      rooms: { room: string }[];
    };
    if (frame.type !== 'subscribe') return;
    for (const { room } of frame.rooms) {
      let set = members.get(room);
      if (set === undefined) {
        set = new Set();
        members.set(room, set);
      }
      set.add(ws);
      joined.push(room);
    }
    ws.send(
      JSON.stringify({
        type: 'subscribed',
        id: frame.id,
        epoch: 'baseline',
        rooms: frame.rooms.map(({ room }) => ({
          room,
          ok: true,
          position: null,
          recovered: false,
          missed: 0,
        })),
      }),
    );
  });
  ws.on('close', () => {
    for (const room of joined) members.get(room)?.delete(ws);
  });
  ws.on('error', () => undefined);
});

let running = false;
let report = { sent: 0, skipped: 0, backoffs: 0 };

function broadcastLoop(frames: ReadonlyMap<string, Buffer>, pauseAboveBytes: number, burst: number): void {
  const rooms = [...frames.keys()];
  let next = 0;
  const turn = (): void => {
    if (!running) return;
    let behind = false;
    for (let k = 0; k < ROOMS_PER_TURN; k++) {
      const room = rooms[next++ % rooms.length] ?? '';
      const frame = frames.get(room);
      const sockets = members.get(room);
      if (frame === undefined || sockets === undefined) continue;
      // Like a Kafka batch in the gateway: several messages of a room go out in one go.
      for (let b = 0; b < burst; b++) {
        for (const ws of sockets) {
          // The same check the gateway makes before each write; where the gateway would close a
          // slow consumer, the baseline skips the frame and backs off, so it never fails a socket.
          if (ws.bufferedAmount + frame.length > pauseAboveBytes) {
            report.skipped++;
            behind = true;
            continue;
          }
          ws.send(frame, { binary: false });
          report.sent++;
        }
      }
    }
    if (behind) {
      report.backoffs++;
      setTimeout(turn, 1);
    } else {
      setImmediate(turn);
    }
  };
  turn();
}

serveRequests<BaselineServerApi>({
  listen: async () => {
    if (!wss.address()) await new Promise((resolve) => wss.once('listening', resolve));
    return { port: (wss.address() as AddressInfo).port };
  },
  start: ({ frameBytes, pauseAboveBytes, burst }) => {
    // Encoded once, before the clock starts: the baseline spends nothing on encoding.
    const frames = new Map<string, Buffer>();
    for (const room of members.keys()) frames.set(room, messageFrameOfSize(room, Date.now(), frameBytes));
    report = { sent: 0, skipped: 0, backoffs: 0 };
    running = true;
    broadcastLoop(frames, pauseAboveBytes, burst);
    return { rooms: frames.size };
  },
  stop: (): BroadcastReport => {
    running = false;
    return report;
  },
});
