import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InvalidRecordReason, MESSAGE_ID_HEADER, TRACEPARENT_HEADER } from './chat-record.js';
import { DlqHeader } from './dlq-headers.js';

interface Contract {
  components: {
    messages: Record<
      string,
      { headers: { required?: string[]; properties: Record<string, { enum?: string[] }> } }
    >;
  };
}

const contract = parse(readFileSync(new URL('../../asyncapi.yaml', import.meta.url), 'utf8')) as Contract;
const { ChatMessage, DeadLetter } = contract.components.messages;

// The AsyncAPI document is what the messenger team codes against: it must say what the code does.
describe('asyncapi.yaml matches the code', () => {
  it('lists exactly the DLQ reasons the parser produces', () => {
    expect(DeadLetter?.headers.properties[DlqHeader.Reason]?.enum?.sort()).toEqual(
      Object.values(InvalidRecordReason).sort(),
    );
  });

  it('requires every DLQ header the gateway writes', () => {
    expect(DeadLetter?.headers.required?.sort()).toEqual(Object.values(DlqHeader).sort());
  });

  it('names the message-id and traceparent headers of chat messages', () => {
    expect(Object.keys(ChatMessage?.headers.properties ?? {}).sort()).toEqual(
      [MESSAGE_ID_HEADER, TRACEPARENT_HEADER].sort(),
    );
  });
});
