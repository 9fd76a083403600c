/**
 * The part of metav1.ObjectMeta the API types need. Every field is optional, so client-node's
 * V1ObjectMeta is assignable to it; the operator may use either.
 */
export interface ObjectMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly generation?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly finalizers?: readonly string[];
  readonly deletionTimestamp?: Date | string;
  readonly creationTimestamp?: Date | string;
}
