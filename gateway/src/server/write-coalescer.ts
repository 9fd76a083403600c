/** A stream whose writes can be held back and sent together, as `net.Socket` allows. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Bytes held for one socket before they are sent anyway: a big room's burst must not sit in
 * user space (where it looks like backpressure) waiting for the end of a long batch.
 */
export const MAX_HELD_BYTES = 32 * 1024;

/**
 * Holds the socket writes of one Kafka batch and releases them together. Without it every
 * delivery is its own `writev` system call (ws corks a frame's header and payload, nothing
 * more), and that call, not JavaScript, is most of the fan-out's CPU. Corked, a socket that gets
 * several frames from one batch gets them in one call, in the order they were sent, so a room's
 * order is untouched. A frame waits at most for the rest of its own batch (handled
 * synchronously) or until `MAX_HELD_BYTES` are held for its socket.
 */
export class WriteCoalescer {
  /** Corked sockets and the bytes held for each since it was last released. */
  private readonly held = new Map<Corkable, number>();
  private open = false;

  /** Starts holding writes until `flush`; a flush is also scheduled in case the batch never ends. */
  begin(): void {
    if (this.open) return;
    this.open = true;
    setImmediate(() => {
      this.flush();
    });
  }

  /** Called before each write of `bytes` to `socket`, while writes may be held. */
  hold(socket: Corkable, bytes: number): void {
    if (!this.open) return;
    const before = this.held.get(socket);
    if (before === undefined) {
      socket.cork();
      this.held.set(socket, bytes);
    } else if (before + bytes > MAX_HELD_BYTES) {
      // Release what is held and keep holding from this write on.
      socket.uncork();
      socket.cork();
      this.held.set(socket, bytes);
    } else {
      this.held.set(socket, before + bytes);
    }
  }

  /**
   * Bytes held for `socket`: part of its buffered amount, but no sign of a slow reader, so the
   * slow-consumer check leaves them out.
   */
  heldBytes(socket: Corkable): number {
    return this.held.get(socket) ?? 0;
  }

  /** Sends everything held. */
  flush(): void {
    this.open = false;
    for (const socket of this.held.keys()) socket.uncork();
    this.held.clear();
  }

  /** Sockets corked now (for tests and metrics). */
  get holding(): number {
    return this.held.size;
  }
}
