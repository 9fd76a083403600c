/** The topics one CMF installation uses, all named `<prefix>.<role>`. */
export interface KafkaTopics {
  readonly messages: string;
  readonly events: string;
  readonly signals: string;
  readonly receipts: string;
  readonly dlq: string;
}

export function kafkaTopics(prefix: string): KafkaTopics {
  return {
    messages: `${prefix}.messages`,
    events: `${prefix}.events`,
    signals: `${prefix}.signals`,
    receipts: `${prefix}.receipts`,
    dlq: `${prefix}.dlq`,
  };
}
