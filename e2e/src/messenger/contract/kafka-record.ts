/** One record as the stand-in hands it to the producer: pure data, built by the contract modules. */
export interface KafkaRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}
