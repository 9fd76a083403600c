/**
 * What the hub knows about a message; the Kafka layer's ChatMessage fits it as is. `offset` may be
 * a bigint (as parsed from the record) or its decimal string.
 */
export interface MessageFrameSource {
  readonly room: string;
  readonly id: string;
  readonly partition: number;
  readonly offset: bigint | string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly traceparent?: string | undefined;
}

/**
 * The `message` frame of one message, encoded once: the hub hands the same Buffer to every
 * subscriber's socket. Send it with `socket.send(buffer, { binary: false })`: ws sends a Buffer
 * as a binary frame unless told otherwise, and clients only read text frames. `data` has been
 * validated upstream and is not checked here. Field order matches MessageFrame.
 */
export function encodeMessageFrame(message: MessageFrameSource): Buffer {
  const frame = {
    type: 'message',
    room: message.room,
    id: message.id,
    position: { partition: message.partition, offset: message.offset.toString() },
    data: message.data,
    // undefined is dropped by JSON.stringify, so a message without trace context has no field.
    traceparent: message.traceparent,
  };
  return Buffer.from(JSON.stringify(frame), 'utf8');
}
