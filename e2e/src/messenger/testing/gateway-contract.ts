import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '@cmf/test-harness';

/**
 * The gateway's own contract code, loaded from its build (gateway/dist) at run time: the e2e
 * workspace does not depend on the gateway package, yet the stand-in must produce exactly what
 * the gateway parses, so its tests check records with the gateway's parsers and answer the
 * gateway's membership client. The types below are the subset of the gateway's that tests read.
 */
export interface RawKafkaRecord {
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;
}

export type GatewayChatParse =
  | {
      readonly ok: true;
      readonly message: {
        readonly id: string;
        readonly room: string;
        readonly traceparent: string | undefined;
        readonly allowedUserIds: ReadonlySet<string> | undefined;
        readonly data: Readonly<Record<string, unknown>>;
      };
    }
  | { readonly ok: false; readonly reason: string; readonly detail: string };

export type GatewayEventParse =
  | {
      readonly ok: true;
      readonly event: { readonly type: string; readonly id: string | undefined } & Readonly<
        Record<string, unknown>
      >;
    }
  | { readonly ok: false; readonly reason: string; readonly detail: string };

export interface GatewayMembershipClient {
  check(userId: string, roomIds: readonly string[]): Promise<ReadonlyMap<string, boolean>>;
}

export interface GatewayContract {
  readonly parseChatRecord: (record: RawKafkaRecord) => GatewayChatParse;
  readonly parseMembershipEvent: (record: Pick<RawKafkaRecord, 'value' | 'headers'>) => GatewayEventParse;
  readonly MembershipClient: new (options: {
    baseUrl: string;
    timeoutMs: number;
    serviceToken?: { token(): Promise<string>; refresh(): void };
  }) => GatewayMembershipClient;
  /** The gateway's failure kind of a membership error (`timeout`, `server_error`, ...). */
  readonly failureOf: (error: unknown) => string | undefined;
}

async function load(relative: string): Promise<Record<string, unknown>> {
  const file = path.join(repoRoot, 'gateway', 'dist', 'src', relative);
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

export async function loadGatewayContract(): Promise<GatewayContract> {
  const chat = await load('kafka/chat-record.js');
  const events = await load('membership/parse-membership-event.js');
  const client = await load('membership/membership-client.js');
  return {
    parseChatRecord: chat['parseChatRecord'] as GatewayContract['parseChatRecord'],
    parseMembershipEvent: events['parseMembershipEvent'] as GatewayContract['parseMembershipEvent'],
    MembershipClient: client['MembershipClient'] as GatewayContract['MembershipClient'],
    failureOf: (error) => {
      const failure = (error as { failure?: unknown } | null)?.failure;
      return typeof failure === 'string' ? failure : undefined;
    },
  };
}
