import { describe, expect, it } from 'vitest';
import { decodeResponse, encodeRequest } from './wire/kafka-request.js';
import { WireWriter } from './wire/wire-writer.js';
import { metadataRequest, TopicIdError, topicIdFrom } from './topic-id.js';

const ID = '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9';

/** A Metadata v12 answer with one broker and the given topics, built field by field. */
function metadataAnswer(topics: { error: number; name: string; id: string; partitions: number }[]): Buffer {
  const w = new WireWriter()
    .int32(5) // correlation id
    .noTags()
    .int32(0) // throttle
    .uvarint(2) // brokers: one
    .int32(1)
    .compactString('127.0.0.1')
    .int32(9092)
    .uvarint(0) // rack: null
    .noTags()
    .compactString('cluster-id')
    .int32(1) // controller
    .uvarint(topics.length + 1);
  for (const t of topics) {
    w.int16(t.error)
      .compactString(t.name)
      .push(Buffer.from(t.id.replaceAll('-', ''), 'hex'))
      .int8(0);
    w.uvarint(t.partitions + 1);
    for (let p = 0; p < t.partitions; p++) {
      w.int16(0).int32(p).int32(1).int32(0); // error, index, leader, leader epoch
      for (let i = 0; i < 3; i++) w.uvarint(2).int32(1); // replicas, isr, offline (one each)
      w.noTags();
    }
    w.int32(-2147483648).noTags();
  }
  return w.noTags().build();
}

describe('Metadata v12 for a topic id', () => {
  it('asks for one topic by name, with auto-creation off, in a flexible request', () => {
    const bytes = encodeRequest(metadataRequest('chat.messages'), 1, 'cmf-gateway');
    const body = bytes.subarray(4 + 2 + 2 + 4 + 2 + 'cmf-gateway'.length + 1);
    expect(bytes.readInt16BE(4)).toBe(3);
    expect(bytes.readInt16BE(6)).toBe(12);
    expect(body.toString('hex')).toBe(
      '02' +
        '00'.repeat(16) +
        '0e' +
        Buffer.from('chat.messages').toString('hex') +
        '00' +
        '00' +
        '00' +
        '00',
    );
  });

  it('reads the id of the named topic from a full answer', () => {
    const frame = metadataAnswer([
      { error: 0, name: 'other', id: '11111111-2222-3333-4444-555555555555', partitions: 1 },
      { error: 0, name: 'chat.messages', id: ID, partitions: 3 },
    ]);
    const { correlationId, value } = decodeResponse(frame, metadataRequest('chat.messages'));
    expect(correlationId).toBe(5);
    expect(topicIdFrom(value, 'chat.messages')).toBe(ID);
  });

  it('says when the topic does not exist or the answer lacks it', () => {
    const missing = decodeResponse(
      metadataAnswer([{ error: 3, name: 'gone', id: '00000000-0000-0000-0000-000000000000', partitions: 0 }]),
      metadataRequest('gone'),
    ).value;
    expect(() => topicIdFrom(missing, 'gone')).toThrow(new TopicIdError('topic gone does not exist', true));
    expect(() => topicIdFrom(missing, 'elsewhere')).toThrow(
      'Metadata response does not mention topic elsewhere',
    );
    const denied = [{ errorCode: 29, name: 'secret', id: ID }];
    expect(() => topicIdFrom(denied, 'secret')).toThrow('Metadata for secret failed with Kafka error 29');
  });

  it('calls a cut-off answer a protocol error', () => {
    const frame = metadataAnswer([{ error: 0, name: 't', id: ID, partitions: 2 }]);
    expect(() => decodeResponse(frame.subarray(0, frame.length - 10), metadataRequest('t'))).toThrow(
      'truncated Metadata v12 response',
    );
  });
});
