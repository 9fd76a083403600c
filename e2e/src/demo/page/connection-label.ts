import type { ClientState } from '@cmf/gateway/client';

export interface LastClose {
  readonly code: number;
  readonly reason: string;
}

export interface ConnectionLabel {
  /** A stable word for styling and tests: the client's state. */
  readonly state: ClientState;
  readonly text: string;
}

function closeText(close: LastClose | undefined): string {
  if (close === undefined) return '';
  const reason = close.reason.trim();
  return ` (closed with ${close.code}${reason === '' ? '' : ` ${reason}`})`;
}

/**
 * What the status bar says for the client's state. Reconnecting and closed name the close code
 * that caused them, since the code decides what happens next (PROTOCOL.md, Close codes).
 */
export function connectionLabel(
  state: ClientState,
  userId: string | undefined,
  lastClose: LastClose | undefined,
): ConnectionLabel {
  switch (state) {
    case 'idle':
      return { state, text: 'not connected: sign in to start' };
    case 'connecting':
      return { state, text: 'connecting…' };
    case 'connected':
      return { state, text: userId === undefined ? 'connected' : `connected as ${userId}` };
    case 'reconnecting':
      return { state, text: `reconnecting…${closeText(lastClose)}` };
    case 'closed':
      return { state, text: `disconnected${closeText(lastClose)}: sign in again to reconnect` };
  }
}
