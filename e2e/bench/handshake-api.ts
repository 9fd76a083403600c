/** Requests of the handshake client process (handshake-client.ts). A type, so it fits `Api`. */
export interface HandshakeRunRequest {
  readonly url: string;
  /** Bearer tokens used round-robin, one per handshake. */
  readonly tokens: readonly string[];
  readonly handshakes: number;
  /** Handshakes in flight at once. */
  readonly concurrency: number;
}

export interface HandshakeRunReply {
  readonly completed: number;
  readonly failed: number;
  /** The first few distinct failure reasons. */
  readonly errors: readonly string[];
  readonly seconds: number;
  /** From the upgrade request to the `welcome` frame, in milliseconds. */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export type HandshakeClientApi = {
  run: { request: HandshakeRunRequest; reply: HandshakeRunReply };
};

/** Requests of the in-process gateway (inprocess-gateway.ts). */
export type InProcessGatewayApi = {
  /** Starts the gateway from the env the process was forked with; replies with its client port. */
  start: { request: Record<string, never>; reply: { readonly port: number } };
};
