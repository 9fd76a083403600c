/** Stable code of every configuration failure; main exits 2 with it. */
export const MESSENGER_CONFIG_INVALID = 'CMF_MESSENGER_CONFIG_INVALID';

/**
 * The configuration could not be resolved. Carries every problem at once (never just the first),
 * one line each, naming the variable or flag and what was expected. Not retryable.
 */
export class MessengerConfigError extends Error {
  override readonly name = 'MessengerConfigError';
  readonly code = MESSENGER_CONFIG_INVALID;
  readonly retryable = false;

  constructor(readonly problems: readonly string[]) {
    const count = `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`;
    super(`invalid configuration (${count}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}
