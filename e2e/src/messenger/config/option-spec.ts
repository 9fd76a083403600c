/** The value kinds an option may have; each has one parser and one help placeholder. */
export type OptionKind = 'string' | 'int' | 'duration' | 'boolean' | 'list' | 'enum';

export interface OptionSpec {
  /** Name of the value in the resolved table. */
  readonly key: string;
  readonly kind: OptionKind;
  /** `CMF_MESSENGER_…`; the flag wins over it. */
  readonly env: string;
  /** `--kebab-case`. */
  readonly flag: string;
  /** One line for `--help`. */
  readonly doc: string;
  /** Written as the user would write it (`10s`, `true`, `a,b`); parsed like user input. */
  readonly default?: string;
  readonly required?: boolean;
  /** Never echoed: errors and help print `<redacted>`. */
  readonly secret?: boolean;
  /** int and duration (milliseconds): inclusive bounds. */
  readonly min?: number;
  readonly max?: number;
  /** enum only. */
  readonly values?: readonly string[];
  /** string and list entries: a check and what it expects, for the error message. */
  readonly format?: { readonly test: (value: string) => boolean; readonly expected: string };
}

export type OptionValue = string | number | boolean | readonly string[];
