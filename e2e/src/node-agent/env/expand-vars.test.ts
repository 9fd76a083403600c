import { describe, expect, it } from 'vitest';
import { expandVars } from './expand-vars.js';

const vars: Record<string, string> = { A: 'one', B: 'two', EMPTY: '' };
const lookup = (name: string): string | undefined => vars[name];

describe('expandVars', () => {
  it('replaces defined references and keeps undefined ones literally', () => {
    expect(expandVars('$(A)-$(B)', lookup)).toBe('one-two');
    expect(expandVars('x$(MISSING)y', lookup)).toBe('x$(MISSING)y');
    expect(expandVars('[$(EMPTY)]', lookup)).toBe('[]');
  });

  it('treats $$ as an escaped dollar and other dollars literally', () => {
    expect(expandVars('$$(A)', lookup)).toBe('$(A)');
    expect(expandVars('$$$(A)', lookup)).toBe('$one');
    expect(expandVars('cost $5 and $', lookup)).toBe('cost $5 and $');
    expect(expandVars('$(A', lookup)).toBe('$(A');
  });
});
