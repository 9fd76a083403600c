export interface BroadcastReport {
  /** Frames handed to ws. */
  readonly sent: number;
  /** Frames not sent because the socket already had `pauseAboveBytes` queued. */
  readonly skipped: number;
  /** Loop turns that backed off for a millisecond because some socket was that far behind. */
  readonly backoffs: number;
}

/** The baseline server's requests (see baseline-server.ts). */
export type BaselineServerApi = {
  listen: { request: Record<string, never>; reply: { readonly port: number } };
  /**
   * Starts broadcasting pre-encoded frames of `frameBytes` to every subscribed room, round-robin,
   * `burst` frames to each socket of a room at a time.
   */
  start: {
    request: { readonly frameBytes: number; readonly pauseAboveBytes: number; readonly burst: number };
    reply: { readonly rooms: number };
  };
  stop: { request: Record<string, never>; reply: BroadcastReport };
};
