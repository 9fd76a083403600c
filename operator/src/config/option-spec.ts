/** The value kinds an option can have; each has one parser, one error text and one help placeholder. */
export const OptionType = {
  String: 'string',
  Int: 'int',
  /** Resolved to integer milliseconds; accepts `250ms`, `5s`, `5m`, `1h` or plain milliseconds. */
  DurationMs: 'duration-ms',
  Boolean: 'boolean',
  /** Comma-separated; entries are trimmed and empty entries dropped. */
  List: 'list',
  Enum: 'enum',
} as const;
export type OptionType = (typeof OptionType)[keyof typeof OptionType];

/** A check on a string value; `expected` completes "expected …" in the error message. */
export interface ValueFormat {
  readonly test: (value: string) => boolean;
  readonly expected: string;
}

/** Facts about the host the caller passes in, so resolving stays pure. */
export interface HostFacts {
  readonly hostname?: string;
}

/** A default computed from the host (e.g. the pod name from the hostname). */
export interface HostDefault {
  /** How help describes the default, e.g. "the host name". */
  readonly describe: string;
  readonly derive: (host: HostFacts) => string | undefined;
}

/** Whether a default is computed from the host rather than written in the table. */
export function isHostDefault(value: OptionDefinition['default']): value is HostDefault {
  return typeof value === 'object' && 'derive' in value;
}

interface OptionBase {
  /** Help groups options by section, in the order sections are listed. */
  readonly section: string;
  /** `CMF_…`; flags override it. */
  readonly env: string;
  /** `--kebab-case`. */
  readonly flag: string;
  /** One line for `--help`. */
  readonly doc: string;
  /** Missing (and no default) is an error. Options neither required nor defaulted resolve to `undefined`. */
  readonly required?: boolean;
}

interface NumberOption<T extends OptionType> extends OptionBase {
  readonly type: T;
  readonly default: number;
  /** Inclusive. Every number has both bounds so no value is unbounded by accident. */
  readonly min: number;
  readonly max: number;
}

export type IntOption = NumberOption<typeof OptionType.Int>;
export type DurationOption = NumberOption<typeof OptionType.DurationMs>;

export interface StringOption extends OptionBase {
  readonly type: typeof OptionType.String;
  readonly default?: string | HostDefault;
  readonly format: ValueFormat;
  /** Never printed: errors and help show `<redacted>`; the value is not trimmed. */
  readonly secret?: boolean;
}

export interface BooleanOption extends OptionBase {
  readonly type: typeof OptionType.Boolean;
  readonly default: boolean;
}

export interface ListOption extends OptionBase {
  readonly type: typeof OptionType.List;
  readonly default?: readonly string[];
  /** Each entry must pass `item.test`; `item.expected` describes the whole list. */
  readonly item: ValueFormat;
}

export interface EnumOption<V extends string = string> extends OptionBase {
  readonly type: typeof OptionType.Enum;
  readonly values: readonly V[];
  readonly default: V;
}

/** An option without its key: what a table declares for each key. */
export type OptionDefinition =
  IntOption | DurationOption | StringOption | BooleanOption | ListOption | EnumOption;

/** One row of an option table: everything parsing, validation, defaults and help need. */
export type OptionSpec<K extends string = string> = OptionDefinition & {
  /** Dotted path of the value in the resolved config, e.g. `leader.leaseDurationMs`. */
  readonly key: K;
};

/** A section heading for help, in display order. */
export interface OptionSection {
  readonly id: string;
  readonly title: string;
}
