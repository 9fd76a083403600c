/** What the wheel needs of a connection. */
export interface Heartbeating {
  readonly isOpen: boolean;
  /** performance.now() of the last pong. */
  readonly lastPongAt: number;
  ping(): void;
  /** Closes as dead: no pong in time. */
  closeAsDead(): void;
}

export interface HeartbeatWheelOptions {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Groups the interval is divided into: a tick pings one group. */
  readonly slots?: number;
}

const DEFAULT_SLOTS = 20;

/**
 * Pings every connection once per interval, a group at a time: connections are spread over
 * `slots` groups and a tick every `intervalMs / slots` pings one group. Pinging everybody in one
 * sweep is one write system call per connection in a single turn of the event loop (tens of
 * milliseconds for 5,000 sockets, most of a second for 50,000), and every message waiting
 * behind it pays for that. Each check compares the last pong with its own ping's time, so with
 * a timeout longer than the interval a newer ping cannot make a client that answered look dead.
 */
export class HeartbeatWheel<C extends Heartbeating> {
  private readonly groups: Set<C>[];
  private readonly groupOf = new Map<C, Set<C>>();
  private nextGroup = 0;
  private turn = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly options: HeartbeatWheelOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    const slots = options.slots ?? DEFAULT_SLOTS;
    this.groups = Array.from({ length: slots }, () => new Set<C>());
  }

  add(connection: C): void {
    if (this.groupOf.has(connection)) return;
    const group = this.groups[this.nextGroup] as Set<C>;
    this.nextGroup = (this.nextGroup + 1) % this.groups.length;
    group.add(connection);
    this.groupOf.set(connection, group);
  }

  remove(connection: C): void {
    this.groupOf.get(connection)?.delete(connection);
    this.groupOf.delete(connection);
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      this.tick();
    }, this.options.intervalMs / this.groups.length);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Pings the next group and checks it `timeoutMs` later. */
  tick(): void {
    const group = this.groups[this.turn] as Set<C>;
    this.turn = (this.turn + 1) % this.groups.length;
    if (group.size === 0) return;
    const pingedAt = this.now();
    const pinged = [...group];
    for (const connection of pinged) connection.ping();
    setTimeout(() => {
      for (const connection of pinged) {
        if (connection.lastPongAt >= pingedAt || !connection.isOpen) continue;
        connection.closeAsDead();
      }
    }, this.options.timeoutMs).unref();
  }
}
