import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOM_ID_PATTERN } from '../protocol/index.js';
import { MAX_ROOMS_PER_CHECK, MEMBERSHIP_CHECK_PATH } from './membership-client.js';
import { EVENT_ID_HEADER, MembershipEventType } from './membership-event.js';

interface OpenApi {
  openapi: string;
  paths: Record<string, { post?: { responses: Record<string, unknown> } }>;
  components: {
    schemas: {
      RoomId: { pattern: string };
      MembershipCheckRequest: { required: string[]; properties: { roomIds: { maxItems: number } } };
    };
  };
}

interface AsyncApi {
  components: {
    messageTraits: { EventHeaders: { headers: { required: string[] } } };
    schemas: { RoomId: { pattern: string } };
    messages: Record<string, { name: string; payload: { properties: { type: { const: string } } } }>;
  };
}

const read = (path: string): unknown => parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const openapi = read('../../openapi/membership.yaml') as OpenApi;
const asyncapi = read('../../asyncapi-events.yaml') as AsyncApi;

// The messenger team codes against these documents: they must say what the code does.
describe('openapi/membership.yaml matches the client', () => {
  it('documents the path, the batch limit and the statuses the client handles', () => {
    expect(openapi.openapi).toBe('3.1.0');
    const post = openapi.paths[MEMBERSHIP_CHECK_PATH]?.post;
    expect(post).toBeDefined();
    expect(Object.keys(post?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403', '5XX']);
    const request = openapi.components.schemas.MembershipCheckRequest;
    expect(request.required.sort()).toEqual(['roomIds', 'userId']);
    expect(request.properties.roomIds.maxItems).toBe(MAX_ROOMS_PER_CHECK);
    expect(openapi.components.schemas.RoomId.pattern).toBe(ROOM_ID_PATTERN.source);
  });
});

describe('asyncapi-events.yaml matches the parser', () => {
  it('lists exactly the event types the parser knows', () => {
    const messages = Object.values(asyncapi.components.messages);
    expect(messages.map((m) => m.name).sort()).toEqual(Object.values(MembershipEventType).sort());
    for (const m of messages) expect(m.payload.properties.type.const).toBe(m.name);
  });

  it('names the event id header and the room id rule', () => {
    expect(asyncapi.components.messageTraits.EventHeaders.headers.required).toEqual([EVENT_ID_HEADER]);
    expect(asyncapi.components.schemas.RoomId.pattern).toBe(ROOM_ID_PATTERN.source);
  });
});
