/**
 * What the hub needs of a connection: who it is (for the `allowedUserIds` filter and membership
 * revocation) and a way to hand it a frame. The server's connection implements it; the hub never
 * touches sockets, so it is tested with plain objects. Identity is the object itself: one
 * connection is one subscriber, and a user with two tabs is two subscribers.
 */
export interface Subscriber {
  readonly userId: string;
  /**
   * Queues an already-encoded frame. The same Buffer goes to every subscriber of a room, so it
   * must not be modified. May throw (a closed socket); the hub counts it and carries on.
   */
  send(frame: Buffer): void;
}
