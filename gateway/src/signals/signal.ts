/**
 * Records of the signals topic: ephemeral gateway-to-gateway traffic. Every replica publishes what
 * its own clients do and consumes everyone's, so typing and presence work across replicas
 * without a second broker. Keyed by room; short retention; never replayed on start.
 */
export type Signal =
  | { readonly kind: 'typing'; readonly room: string; readonly userId: string; readonly replica: string }
  | {
      /** The users this replica has in the room now; repeated as a heartbeat, expires after ttlMs. */
      readonly kind: 'presence';
      readonly room: string;
      readonly users: readonly string[];
      readonly replica: string;
      readonly ttlMs: number;
    };

export function encodeSignal(signal: Signal): Buffer {
  return Buffer.from(JSON.stringify(signal), 'utf8');
}

/** Parses a signal, or returns undefined for anything malformed (signals are best effort). */
export function decodeSignal(value: Buffer | null): Signal | undefined {
  if (value === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const s = parsed as Record<string, unknown>;
  if (typeof s['room'] !== 'string' || typeof s['replica'] !== 'string') return undefined;
  if (s['kind'] === 'typing' && typeof s['userId'] === 'string') {
    return { kind: 'typing', room: s['room'], userId: s['userId'], replica: s['replica'] };
  }
  if (
    s['kind'] === 'presence' &&
    Array.isArray(s['users']) &&
    s['users'].every((u) => typeof u === 'string') &&
    typeof s['ttlMs'] === 'number'
  ) {
    return {
      kind: 'presence',
      room: s['room'],
      users: s['users'],
      replica: s['replica'],
      ttlMs: s['ttlMs'],
    };
  }
  return undefined;
}
