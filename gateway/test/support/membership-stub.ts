import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MEMBERSHIP_CHECK_PATH } from '../../src/membership/index.js';

export const StubMode = {
  Up: 'up',
  /** Answers after `slowMs`, well past the client's timeout. */
  Slow: 'slow',
  Unavailable: 'unavailable',
  BadRequest: 'bad_request',
  Malformed: 'malformed',
} as const;
export type StubMode = (typeof StubMode)[keyof typeof StubMode];

export interface MembershipRequest {
  readonly userId: string;
  readonly roomIds: string[];
  readonly authorization: string | undefined;
}

/**
 * The messenger's membership endpoint as the contract (openapi/membership.yaml) describes it, on
 * 127.0.0.1, switchable to slow, failing (503) or down (port closed: connection refused).
 */
export class MembershipStub {
  mode: StubMode = StubMode.Up;
  slowMs = 2_000;
  /** When set, requests must carry `Authorization: Bearer <requiredToken>`. */
  requiredToken: string | undefined;
  /** Every request that reached the service, in arrival order (slow ones included). */
  readonly requests: MembershipRequest[] = [];
  private readonly members = new Map<string, Set<string>>();
  private server: Server | undefined;
  private port = 0;

  add(userId: string, ...rooms: string[]): void {
    const set = this.members.get(userId) ?? new Set();
    for (const room of rooms) set.add(room);
    this.members.set(userId, set);
  }

  remove(userId: string, ...rooms: string[]): void {
    for (const room of rooms) this.members.get(userId)?.delete(room);
  }

  /** How many requests asked about `userId` in `room`. */
  asked(userId: string, room: string): number {
    return this.requests.filter((r) => r.userId === userId && r.roomIds.includes(room)).length;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    if (this.server !== undefined) return;
    const server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // The same port when it comes back, like a restarted service behind a stable address.
      server.listen(this.port, '127.0.0.1', () => {
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Closes the port: new connections are refused. */
  async down(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== MEMBERSHIP_CHECK_PATH) {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { userId: string; roomIds: string[] };
    this.requests.push({ ...body, authorization: req.headers.authorization });
    if (this.requiredToken !== undefined && req.headers.authorization !== `Bearer ${this.requiredToken}`) {
      problem(res, 401, 'bad service token');
      return;
    }
    const answer = (): void => {
      const members = this.members.get(body.userId);
      const results = Object.fromEntries(body.roomIds.map((room) => [room, members?.has(room) === true]));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
    };
    switch (this.mode) {
      case StubMode.Up:
        answer();
        return;
      case StubMode.Slow: {
        const timer = setTimeout(answer, this.slowMs);
        res.on('close', () => {
          clearTimeout(timer);
        });
        return;
      }
      case StubMode.Unavailable:
        problem(res, 503, 'database down');
        return;
      case StubMode.BadRequest:
        problem(res, 400, 'roomIds: too many');
        return;
      case StubMode.Malformed:
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"results": {"cr_1": "yes"}}');
        return;
    }
  }
}

function problem(res: ServerResponse, status: number, detail: string): void {
  res
    .writeHead(status, { 'content-type': 'application/problem+json' })
    .end(JSON.stringify({ status, title: 'error', detail }));
}
