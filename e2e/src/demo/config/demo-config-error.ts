/** Stable code of every configuration failure; `cmf-demo` exits 2 with it. */
export const DEMO_CONFIG_INVALID = 'CMF_DEMO_CONFIG_INVALID';

/** The configuration could not be resolved: every problem at once, one line each. Not retryable. */
export class DemoConfigError extends Error {
  override readonly name = 'DemoConfigError';
  readonly code = DEMO_CONFIG_INVALID;
  readonly retryable = false;

  constructor(readonly problems: readonly string[]) {
    const count = `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`;
    super(`invalid configuration (${count}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}
