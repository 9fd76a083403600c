import type { ClientSnapshot } from './client-stats.js';

export interface ConnectRequest {
  readonly url: string;
  readonly sockets: number;
  readonly rooms: number;
  /** The dev-hs256 secret the tokens are signed with (the baseline ignores tokens). */
  readonly secret: string;
  /** Handshakes in flight at once: enough to be quick, few enough not to overflow the accept queue. */
  readonly concurrency: number;
}

export interface ConnectReply {
  readonly connected: number;
  readonly failed: number;
  /** The first few distinct failure reasons. */
  readonly errors: readonly string[];
  readonly ms: number;
}

/** The load generator's requests (see load-generator.ts). A type, not an interface, so it fits `Api`. */
export type LoadGeneratorApi = {
  connect: { request: ConnectRequest; reply: ConnectReply };
  snapshot: { request: { readonly resetLatency: boolean }; reply: ClientSnapshot };
  /** Closes every socket (1000) and resolves once they are all closed. */
  disconnect: { request: Record<string, never>; reply: { readonly closed: number } };
};
