/**
 * The incubating semantic-convention attributes CMF uses (messaging, Kubernetes), copied as
 * constants as the semantic-conventions package advises for unstable names: an upgrade of the
 * package cannot rename them under us. Stable names come from `@opentelemetry/semantic-conventions`.
 */
export const ATTR_K8S_POD_NAME = 'k8s.pod.name';
export const ATTR_K8S_NAMESPACE_NAME = 'k8s.namespace.name';

export const ATTR_MESSAGING_SYSTEM = 'messaging.system';
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
export const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
export const ATTR_MESSAGING_DESTINATION_PARTITION_ID = 'messaging.destination.partition.id';
export const ATTR_MESSAGING_KAFKA_OFFSET = 'messaging.kafka.offset';
export const ATTR_MESSAGING_KAFKA_MESSAGE_KEY = 'messaging.kafka.message.key';
export const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';
export const ATTR_MESSAGING_CONSUMER_GROUP_NAME = 'messaging.consumer.group.name';

export const MESSAGING_SYSTEM_KAFKA = 'kafka';

/** CMF's own span attribute: sockets a message frame was written to. */
export const ATTR_CMF_RECIPIENTS = 'cmf.fanout.recipients';
/** The room a message belongs to (also the record key). */
export const ATTR_CMF_ROOM = 'cmf.room';
