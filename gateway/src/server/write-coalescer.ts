/** A stream whose writes can be held back and sent together, as `net.Socket` allows. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Holds the socket writes of one Kafka batch and releases them together. Without it every
 * delivery is its own `writev` system call (ws corks a frame's header and payload, nothing
 * more), and that call, not JavaScript, is most of the fan-out's CPU. Corked, a socket that gets
 * several frames from one batch gets them in one call, in the order they were sent, so a room's
 * order is untouched. A batch is short (one fetch, handled synchronously), so holding adds at most
 * the batch's own duration to a frame's latency while it removes the syscalls the last sockets of
 * a big room were waiting behind.
 */
export class WriteCoalescer {
  private readonly held = new Set<Corkable>();
  private open = false;

  /** Starts holding writes until `flush`; a flush is also scheduled in case the batch never ends. */
  begin(): void {
    if (this.open) return;
    this.open = true;
    setImmediate(() => {
      this.flush();
    });
  }

  /** Called before each write: corks the socket once per batch while writes are being held. */
  hold(socket: Corkable): void {
    if (!this.open || this.held.has(socket)) return;
    socket.cork();
    this.held.add(socket);
  }

  /** Sends everything held. */
  flush(): void {
    this.open = false;
    for (const socket of this.held) socket.uncork();
    this.held.clear();
  }

  /** Sockets corked now (for tests and metrics). */
  get holding(): number {
    return this.held.size;
  }
}
