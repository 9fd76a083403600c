/**
 * The browser Origin allow-list. Exact match only (scheme, host and port, as browsers send it):
 * no wildcards and no suffix matching, which is where origin checks usually go wrong. An empty
 * list checks nothing. A request without Origin is not from a browser (browsers always send it
 * on a WebSocket handshake) and is allowed: the token is what authenticates it.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(allowed: readonly string[]) {
    this.allowed = new Set(allowed);
  }

  allows(origin: string | undefined): boolean {
    return this.allowed.size === 0 || origin === undefined || this.allowed.has(origin);
  }
}
