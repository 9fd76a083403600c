/**
 * Which socket is in which room, shared by the load generator, the producer and the baseline so
 * all three agree: socket i subscribes to room i mod R, and message n goes to room n mod R.
 */
export class RoomPlan {
  constructor(
    readonly sockets: number,
    readonly rooms: number,
    /** Another prefix names rooms nobody subscribes to (the ingest run). */
    private readonly prefix = 'bench-room-',
  ) {}

  roomName(index: number): string {
    return `${this.prefix}${String(index).padStart(4, '0')}`;
  }

  roomOfSocket(socket: number): number {
    return socket % this.rooms;
  }

  roomOfMessage(seq: number): number {
    return seq % this.rooms;
  }

  /** Sockets subscribed to room `room`: the round-robin leaves the first `sockets mod R` one more. */
  fanout(room: number): number {
    return Math.floor(this.sockets / this.rooms) + (room < this.sockets % this.rooms ? 1 : 0);
  }

  /** Mean sockets per room. */
  get meanFanout(): number {
    return this.sockets / this.rooms;
  }
}
