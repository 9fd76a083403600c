import { EventEmitter } from 'node:events';
import type { Admin, Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { nullLogger } from '../log/index.js';
import { ReplicaConsumer } from './replica-consumer.js';

/** A kafkajs consumer that records its life and crashes when told to. */
class FakeConsumer extends EventEmitter {
  readonly events = { CRASH: 'consumer.crash' } as const;
  connected = false;
  connect(): Promise<void> {
    this.connected = true;
    return Promise.resolve();
  }
  disconnect(): Promise<void> {
    this.connected = false;
    return Promise.resolve();
  }
  subscribe(): Promise<void> {
    return Promise.resolve();
  }
  run(): Promise<void> {
    return Promise.resolve();
  }
  crash(error: Error, restart = false): void {
    this.emit(this.events.CRASH, { payload: { error, restart } });
  }
}

function setUp(maxRestarts: number) {
  const consumers: FakeConsumer[] = [];
  const offsetCalls: { partition: number; offset: string }[][] = [];
  const kafka = {
    consumer: () => {
      const consumer = new FakeConsumer();
      consumers.push(consumer);
      return consumer;
    },
  } as unknown as Kafka;
  const admin = {
    setOffsets: ({ partitions }: { partitions: { partition: number; offset: string }[] }) => {
      offsetCalls.push(partitions);
      return Promise.resolve();
    },
  } as unknown as Admin;
  let next = new Map<number, bigint>([
    [0, 5n],
    [1, 9n],
  ]);
  const reader = new ReplicaConsumer(
    kafka,
    admin,
    { positionsForStart: () => next, handleBatch: () => undefined },
    {
      topic: 't',
      groupId: 'g',
      retry: { initialMs: 1, maxMs: 4 },
      maxRestarts,
      maxWaitTimeInMs: 100,
      name: 'test',
    },
    nullLogger,
  );
  return {
    reader,
    consumers,
    offsetCalls,
    advance: (positions: Map<number, bigint>) => {
      next = positions;
    },
  };
}

const settle = (ms = 30): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('ReplicaConsumer', () => {
  it('pins the group to the replica positions before every start and resumes from them after a crash', async () => {
    const { reader, consumers, offsetCalls, advance } = setUp(3);
    const restarts: number[] = [];
    reader.on('restart', ({ attempt }) => restarts.push(attempt));
    await reader.start();
    expect(offsetCalls).toEqual([
      [
        { partition: 0, offset: '5' },
        { partition: 1, offset: '9' },
      ],
    ]);
    advance(new Map([[0, 7n]]));
    consumers[0]?.crash(new Error('boom'));
    await settle();
    expect(restarts).toEqual([1]);
    expect(reader.restartCount).toBe(1);
    expect(consumers).toHaveLength(2);
    expect(consumers[0]?.connected).toBe(false);
    expect(offsetCalls[1]).toEqual([{ partition: 0, offset: '7' }]);
  });

  it('leaves retriable crashes to kafkajs', async () => {
    const { reader, consumers } = setUp(3);
    await reader.start();
    consumers[0]?.crash(new Error('retriable'), true);
    await settle();
    expect(consumers).toHaveLength(1);
    expect(reader.restartCount).toBe(0);
  });

  it('gives up with fatal after maxRestarts crashes', async () => {
    const { reader, consumers } = setUp(2);
    const fatal: Error[] = [];
    reader.on('fatal', (error) => fatal.push(error));
    await reader.start();
    for (let i = 0; i < 3; i++) {
      consumers.at(-1)?.crash(new Error(`crash ${i}`));
      await settle();
    }
    expect(consumers).toHaveLength(3);
    expect(fatal.map((e) => e.message)).toEqual(['crash 2']);
    expect(reader.restartCount).toBe(2);
  });

  it('does not restart once stopped', async () => {
    const { reader, consumers } = setUp(3);
    await reader.start();
    await reader.stop();
    consumers[0]?.crash(new Error('late'));
    await settle();
    expect(consumers).toHaveLength(1);
  });
});
