import type {
  BooleanOption,
  BytesOption,
  DurationOption,
  EnumOption,
  IntOption,
  ListOption,
  OptionDefinition,
  OptionSpec,
  StringOption,
} from './option-spec.js';

/**
 * The option kinds a config field's type allows: a number field gets an int, duration or size
 * option, a literal-union field an enum of exactly those values, and so on, each in one of the
 * process's help sections. Keying a table by the config's leaves with this type is what keeps the
 * table and the config type from drifting apart at compile time.
 */
export type OptionDefinitionFor<V, Section extends string> = ([V] extends [number]
  ? IntOption | DurationOption | BytesOption
  : [V] extends [boolean]
    ? BooleanOption
    : [V] extends [readonly string[]]
      ? ListOption
      : [V] extends [string | undefined]
        ? string extends V
          ? StringOption
          : EnumOption<Exclude<V, undefined>>
        : never) & { readonly section: Section };

/** The rows of a process's option table, in declaration order (the order `--help` lists them in). */
export function optionTable<K extends string>(
  definitions: Readonly<Record<K, OptionDefinition>>,
): readonly OptionSpec<K>[] {
  return (Object.keys(definitions) as K[]).map((key) => {
    const definition: OptionDefinition = definitions[key];
    return { ...definition, key };
  });
}
