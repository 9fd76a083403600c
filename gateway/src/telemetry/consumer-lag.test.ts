import { describe, expect, it } from 'vitest';
import { ConsumerLag, lagPerPartition, type EndOffsetsAdmin } from './consumer-lag.js';

describe('lagPerPartition', () => {
  it('counts the records after the last one handled, for the partitions the replica reads', () => {
    const positions = new Map([
      [0, 9n],
      [1, -1n],
      [2, 4n],
    ]);
    const ends = [
      { partition: 0, high: '10' },
      { partition: 1, high: '3' },
      { partition: 2, high: '4' },
      { partition: 3, high: '8' },
    ];
    expect(lagPerPartition(ends, positions)).toEqual(
      new Map([
        [0, 0],
        [1, 3],
        [2, 0],
      ]),
    );
  });
});

function admin(
  answer: () => Promise<{ partition: number; high: string }[]>,
): EndOffsetsAdmin & { calls: number } {
  const fake = {
    calls: 0,
    connect: () => Promise.resolve(),
    disconnect: () => Promise.resolve(),
    fetchTopicOffsets: () => {
      fake.calls++;
      return answer();
    },
  };
  return fake;
}

describe('ConsumerLag', () => {
  it('shares one broker request between concurrent scrapes', async () => {
    const fake = admin(() => Promise.resolve([{ partition: 0, high: '5' }]));
    const lag = new ConsumerLag(fake, 't', () => new Map([[0, 1n]]));
    const [a, b] = await Promise.all([lag.read(), lag.read()]);
    expect(a).toEqual(new Map([[0, 3]]));
    expect(b).toBe(a);
    expect(fake.calls).toBe(1);
  });

  it('reports no series when the broker fails or does not answer in time', async () => {
    const failing = new ConsumerLag(
      admin(() => Promise.reject(new Error('down'))),
      't',
      () => new Map([[0, 1n]]),
    );
    expect(await failing.read()).toEqual(new Map());
    const silent = new ConsumerLag(
      admin(() => new Promise(() => undefined)),
      't',
      () => new Map([[0, 1n]]),
      10,
    );
    expect(await silent.read()).toEqual(new Map());
  });
});
