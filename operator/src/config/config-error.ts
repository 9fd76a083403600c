/** Stable code for every configuration failure: deploy tooling and tests branch on it, not on text. */
export const CONFIG_INVALID = 'CMF_CONFIG_INVALID';

/**
 * The configuration could not be resolved. Thrown once with every problem found (never just the
 * first), so a bad Deployment is fixed in one round trip. Each problem is one line that names the
 * env var or flag, the bad value (secrets shown as `<redacted>`) and what was expected. Not
 * retryable: the same input fails the same way.
 */
export class ConfigError extends Error {
  readonly code = CONFIG_INVALID;
  readonly retryable = false;
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    const count = `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`;
    super(`invalid configuration (${count}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
