import { describe, expect, it } from 'vitest';
import { PlainExchange } from './plain-exchange.js';

describe('PlainExchange', () => {
  it('sends an empty authzid, the user and the password separated by NUL, then is done', async () => {
    const plain = new PlainExchange('cmf', 'sécret');
    expect(plain.mechanism).toBe('PLAIN');
    expect([...plain.start()]).toEqual([0, ...Buffer.from('cmf'), 0, ...Buffer.from('sécret', 'utf8')]);
    await expect(plain.next()).resolves.toBeUndefined();
  });
});
