import type { FieldPresence } from './schema-fields.js';

// Type-level twins of schemaFields: the same `[path, type, presence]` tuples, computed from
// hand-written TypeScript types, so the compiler can compare them with a generated CRD module.

type Leaf = string | number | boolean;

/** `[path, type, presence]`, as in the generated modules. */
export type FieldEntry = [string, unknown, FieldPresence];

type PresenceOf<T, K extends keyof T> = Partial<Pick<T, K>> extends Pick<T, K> ? 'optional' : 'always';

type ObjectFields<T, Prefix extends string> = {
  [K in keyof T & string]-?: FieldEntries<NonNullable<T[K]>, `${Prefix}${K}`, PresenceOf<T, K>>;
}[keyof T & string];

// Tuples wrap V so a union (an enum, number | string) stays one leaf instead of distributing.
type FieldEntries<V, Path extends string, P extends FieldPresence> = [V] extends [Leaf]
  ? [Path, V, P]
  : [V] extends [readonly (infer E)[]]
    ? [E] extends [Leaf]
      ? [Path, V, P]
      : [Path, 'array', P] | ObjectFields<E, `${Path}[].`>
    : string extends keyof V
      ? [Path, V, P]
      : [Path, 'object', P] | ObjectFields<V, `${Path}.`>;

/** Every field of T, with the type and presence TypeScript gives it. */
export type FieldsOf<T> = ObjectFields<T, ''>;

type EntryAt<E extends FieldEntry, Path> = Extract<E, [Path, unknown, FieldPresence]>;

// Mutual assignability, not identity: `Readonly<Record<string, X>>` and `{ readonly [k: string]: X }`
// are the same type written two ways.
type Agree<A extends FieldEntry, B extends FieldEntry> = [A[1]] extends [B[1]]
  ? [B[1]] extends [A[1]]
    ? [A[2]] extends [B[2]]
      ? [B[2]] extends [A[2]]
        ? true
        : false
      : false
    : false
  : false;

/**
 * The paths where two field lists disagree: a field only one side has, or one whose type or
 * presence differs. `never` when they agree.
 */
export type FieldDrift<Ours extends FieldEntry, Theirs extends FieldEntry> = {
  [Path in Ours[0] | Theirs[0]]: [EntryAt<Ours, Path>] extends [never]
    ? Path
    : [EntryAt<Theirs, Path>] extends [never]
      ? Path
      : Agree<EntryAt<Ours, Path>, EntryAt<Theirs, Path>> extends true
        ? never
        : Path;
}[Ours[0] | Theirs[0]];

/**
 * T with every optional field required, all the way down, and every list of objects non-empty:
 * a value of it sets every field, which makes a fixture that exercises the whole schema.
 */
export type DeepRequired<T> = [T] extends [Leaf]
  ? T
  : [T] extends [readonly (infer E)[]]
    ? [E] extends [Leaf]
      ? T
      : readonly [E, ...E[]]
    : string extends keyof T
      ? T
      : { readonly [K in keyof T]-?: DeepRequired<NonNullable<T[K]>> };
