/** A stream whose writes can be held back and sent together, as `net.Socket` allows. */
export interface Corkable {
  cork(): void;
  uncork(): void;
  write(chunk: Buffer): boolean;
}

/**
 * Bytes held for one socket before they are sent anyway: a big room's burst must not sit in
 * user space waiting for the end of a long batch.
 */
export const MAX_HELD_BYTES = 32 * 1024;

/** What the coalescer releases at the end of a batch: one socket's held frames. */
export interface HoldsWrites {
  release(): void;
}

/**
 * Marks the span of one Kafka batch, during which each socket's frames are held (`HeldWrites`)
 * and then released together: a socket that gets several frames from one batch gets them in one
 * `writev`, in the order they were sent, so a room's order is untouched. Without it every
 * delivery is its own system call, and that call, not JavaScript, is most of the fan-out's CPU.
 * A frame waits at most for the rest of its own batch (handled synchronously) or until
 * `MAX_HELD_BYTES` are held for its socket. The holders are a plain list: nothing is looked up
 * per write, and a socket with one frame in the batch is written once, as if nothing were held.
 */
export class WriteCoalescer {
  private readonly holders: HoldsWrites[] = [];
  private open = false;

  /** Starts holding writes until `flush`; a flush is also scheduled in case the batch never ends. */
  begin(): void {
    if (this.open) return;
    this.open = true;
    setImmediate(() => {
      this.flush();
    });
  }

  /** Whether writes are held now. */
  get isOpen(): boolean {
    return this.open;
  }

  /** Registers a holder that has frames held; each holder once per batch. */
  track(holder: HoldsWrites): void {
    this.holders.push(holder);
  }

  /** Sends everything held. */
  flush(): void {
    this.open = false;
    const holders = this.holders;
    for (let i = 0; i < holders.length; i++) holders[i]?.release();
    holders.length = 0;
  }

  /** Sockets with frames held now (for tests and metrics). */
  get holding(): number {
    return this.holders.length;
  }
}

/**
 * One socket's frames held during a batch. `write` sends at once when no batch is open; `release`
 * (from the coalescer, or early when `MAX_HELD_BYTES` are reached) sends what is held: one
 * `write` for one frame, a corked run (one `writev`) for several. Held frames are dropped instead
 * once `isOpen` says no: `ws` may have written a close frame meanwhile (the peer closed, or sent
 * a bad frame), and nothing may follow a close frame.
 */
export class HeldWrites implements HoldsWrites {
  private frames: Buffer[] | undefined;
  private bytes = 0;
  private tracked = false;

  constructor(
    private readonly socket: Corkable,
    private readonly coalescer?: WriteCoalescer,
    private readonly isOpen: () => boolean = () => true,
  ) {}

  write(frame: Buffer): void {
    const coalescer = this.coalescer;
    if (coalescer === undefined || !coalescer.isOpen) {
      this.socket.write(frame);
      return;
    }
    if (!this.tracked) {
      this.tracked = true;
      coalescer.track(this);
    } else if (this.bytes + frame.byteLength > MAX_HELD_BYTES) {
      this.send();
    }
    (this.frames ??= []).push(frame);
    this.bytes += frame.byteLength;
  }

  /** Bytes held now. */
  get heldBytes(): number {
    return this.bytes;
  }

  release(): void {
    this.tracked = false;
    this.send();
  }

  /** Forgets what is held (the socket is gone). */
  discard(): void {
    if (this.frames !== undefined) this.frames.length = 0;
    this.bytes = 0;
  }

  private send(): void {
    const frames = this.frames;
    if (frames === undefined || frames.length === 0) return;
    if (!this.isOpen()) {
      this.discard();
      return;
    }
    if (frames.length === 1) {
      this.socket.write(frames[0] as Buffer);
    } else {
      this.socket.cork();
      for (const frame of frames) this.socket.write(frame);
      this.socket.uncork();
    }
    frames.length = 0;
    this.bytes = 0;
  }
}
