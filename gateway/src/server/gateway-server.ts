import http, { STATUS_CODES } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { authFailureStatus, offersSubprotocol, type Authenticator, type Identity } from '../auth/index.js';
import type { Logger } from '../log/index.js';
import type { CloseCodeName } from '../errors/index.js';
import { PROTOCOL_VERSION, SUBPROTOCOL } from '../protocol/index.js';
import {
  Connection,
  type ConnectionCounters,
  type ConnectionLimits,
  type FrameHandler,
} from './connection.js';
import { ClientAddressResolver } from './client-address.js';
import { HeartbeatWheel } from './heartbeat-wheel.js';
import { SharedTextFrame } from './text-frame.js';
import type { WriteCoalescer } from './write-coalescer.js';

export interface GatewayServerOptions {
  readonly path: string;
  readonly maxConnections: number;
  /** A WebSocket ping goes to every client this often... */
  readonly heartbeatMs: number;
  /** ...and a client that has not answered within this long is closed (4003). */
  readonly heartbeatTimeoutMs: number;
  readonly limits: ConnectionLimits;
  /** After the close frames go out on drain, sockets still open this long are destroyed. */
  readonly closeGraceMs: number;
  /** Proxies whose X-Forwarded-For names the client (see ClientAddressResolver). */
  readonly trustedProxies?: readonly string[];
  /** Holds socket writes during a Kafka batch (see WriteCoalescer); unset: every write goes at once. */
  readonly writeCoalescer?: WriteCoalescer;
}

export interface GatewayServerCounters extends ConnectionCounters {
  handshakes: Record<string, number>;
}

/** Refuses a handshake before the upgrade: a status, and a JSON body that names the reason. */
function refuse(socket: Socket, status: number, error: string, message: string): void {
  const body = JSON.stringify({ error, message });
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        'Content-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy();
}

/**
 * The client-facing HTTP server. Upgrades are handled here (ws runs with `noServer`) so that
 * nothing reaches ws before the authenticator has answered; every refusal is an HTTP status with
 * a JSON body, counted by reason.
 */
export class GatewayServer {
  private readonly http: http.Server;
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();
  /** One for every connection: a room's subscribers are written one after the other. */
  private readonly frames = new SharedTextFrame();
  private readonly clientAddress: ClientAddressResolver;
  private readonly heartbeat: HeartbeatWheel<Connection>;
  private draining = false;

  constructor(
    private readonly options: GatewayServerOptions,
    private readonly authenticator: Authenticator,
    private readonly handler: FrameHandler,
    private readonly ready: () => boolean,
    readonly counters: GatewayServerCounters,
    private readonly logger: Logger,
  ) {
    this.clientAddress = new ClientAddressResolver(options.trustedProxies ?? []);
    this.heartbeat = new HeartbeatWheel({
      intervalMs: options.heartbeatMs,
      timeoutMs: options.heartbeatTimeoutMs,
    });
    this.wss = new WebSocketServer({
      noServer: true,
      // ws defaults to 100 MiB: one client could make us buffer that much per frame.
      maxPayload: options.limits.maxFrameBytes,
      perMessageDeflate: false,
      clientTracking: false,
      // Only the real protocol is echoed, never the token entry.
      handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    });
    this.http = http.createServer((req, res) => {
      const body = JSON.stringify({
        error: 'upgrade_required',
        message: `connect with WebSocket to ${options.path}`,
      });
      res.writeHead(req.url?.split('?')[0] === options.path ? 426 : 404, {
        'content-type': 'application/json',
      });
      res.end(body);
    });
    this.http.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
      void this.upgrade(req, socket, head);
    });
  }

  /** Closes every connection of `userId` (a ban); returns how many were open. */
  closeUser(userId: string, name: CloseCodeName, detail?: string): number {
    let closed = 0;
    for (const connection of this.connections) {
      if (connection.identity.userId !== userId || !connection.isOpen) continue;
      connection.close(name, detail);
      closed++;
    }
    return closed;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, resolve);
    });
    this.heartbeat.start();
    return (this.http.address() as AddressInfo).port;
  }

  /**
   * Stops accepting, tells every client to reconnect elsewhere (4000), and destroys what is still
   * open after the grace period. Resolves when every socket is gone.
   */
  async drain(): Promise<void> {
    this.draining = true;
    this.heartbeat.stop();
    this.http.close();
    for (const c of this.connections) c.close('shutdown');
    const deadline = Date.now() + this.options.closeGraceMs;
    while (this.connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    for (const c of this.connections) c.terminate();
    this.http.closeAllConnections();
  }

  private count(result: string): void {
    this.counters.handshakes[result] = (this.counters.handshakes[result] ?? 0) + 1;
  }

  private async upgrade(req: http.IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    socket.on('error', () => undefined);
    if (req.url?.split('?')[0] !== this.options.path) {
      this.count('not_found');
      refuse(socket, 404, 'not_found', `WebSocket endpoint is ${this.options.path}`);
      return;
    }
    if (this.draining || !this.ready()) {
      this.count('not_ready');
      refuse(socket, 503, this.draining ? 'draining' : 'not_ready', 'this replica is not serving; retry');
      return;
    }
    if (this.connections.size >= this.options.maxConnections) {
      this.count('too_many_connections');
      refuse(socket, 503, 'too_many_connections', 'this replica is full; retry');
      return;
    }
    if (!offersSubprotocol(req.headers)) {
      this.count('unsupported_protocol');
      refuse(socket, 400, 'unsupported_protocol', `offer the ${SUBPROTOCOL} subprotocol`);
      return;
    }
    const url = req.url ?? '';
    const queryAt = url.indexOf('?');
    const result = await this.authenticator.authenticate({
      headers: req.headers,
      remoteAddress: this.clientAddress.resolve(socket.remoteAddress ?? '', req.headers['x-forwarded-for']),
      ...(queryAt >= 0 ? { query: url.slice(queryAt + 1) } : {}),
    });
    if (socket.destroyed) return;
    if (!result.ok) {
      this.count(result.reason);
      refuse(socket, authFailureStatus[result.reason], result.reason, result.message);
      return;
    }
    this.count('accepted');
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.accept(ws, result.identity, socket);
    });
  }

  private accept(ws: WebSocket, identity: Identity, raw: Socket): void {
    const coalescer = this.options.writeCoalescer;
    const connection = new Connection(
      ws,
      identity,
      this.options.limits,
      this.handlerWithTracking(),
      this.counters,
      { raw, frames: this.frames, coalescer },
    );
    this.connections.add(connection);
    this.heartbeat.add(connection);
    const { limits } = this.options;
    connection.sendFrame({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      connectionId: connection.id,
      userId: identity.userId,
      heartbeatMs: this.options.heartbeatMs,
      ...(identity.expiresAt === undefined ? {} : { expiresAt: identity.expiresAt }),
      limits: {
        maxFrameBytes: limits.maxFrameBytes,
        maxSubscriptions: limits.maxSubscriptions,
        commandsPerSecond: limits.commandsPerSecond,
        maxRoomsPerFrame: limits.maxRoomsPerFrame,
      },
    });
    this.handlerWithTracking().opened(connection);
    this.logger.debug('connection accepted', { connectionId: connection.id, userId: identity.userId });
  }

  private trackingHandler: FrameHandler | undefined;
  private handlerWithTracking(): FrameHandler {
    this.trackingHandler ??= {
      opened: (c) => {
        this.handler.opened(c);
      },
      handle: (c, f) => {
        this.handler.handle(c, f);
      },
      closed: (c) => {
        this.connections.delete(c);
        this.heartbeat.remove(c);
        this.handler.closed(c);
      },
    };
    return this.trackingHandler;
  }
}
