import { describe, expect, it } from 'vitest';
import { formatTraceparent, parseTraceparent, startRequestTrace } from './trace-context.js';

const W3C = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

describe('trace context', () => {
  it('continues a valid traceparent: same trace and flags, a new span whose parent is the caller', () => {
    const incoming = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const context = startRequestTrace('POST', incoming);
    expect(context.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(context.parentSpanId).toBe('b7ad6b7169203331');
    expect(context.spanId).not.toBe('b7ad6b7169203331');
    expect(formatTraceparent(context)).toMatch(W3C);
    expect(formatTraceparent(context).startsWith('00-0af7651916cd43dd8448eb211c80319c-')).toBe(true);
  });

  it('keeps an unsampled caller unsampled', () => {
    const context = startRequestTrace('POST', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00');
    expect(formatTraceparent(context).endsWith('-00')).toBe(true);
  });

  it.each([
    ['absent', undefined],
    ['garbage', 'not-a-trace'],
    ['upper case', '00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01'],
    ['zero trace id', '00-00000000000000000000000000000000-b7ad6b7169203331-01'],
    ['zero span id', '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01'],
    ['version ff', 'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'],
    ['extra field on version 00', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-x'],
  ])('starts a new sampled trace when the header is %s', (_name, header) => {
    const context = startRequestTrace('POST', header);
    expect(context.parentSpanId).toBeUndefined();
    expect(formatTraceparent(context)).toMatch(W3C);
    expect(context.flags).toBe('01');
    if (header !== undefined)
      expect(formatTraceparent(context)).not.toContain('0af7651916cd43dd8448eb211c80319c');
  });

  it('accepts a later version with extra fields, as the W3C spec asks', () => {
    expect(parseTraceparent('01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-future')).toEqual({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      flags: '01',
    });
  });

  it('starts distinct traces', () => {
    expect(startRequestTrace('GET', undefined).traceId).not.toBe(startRequestTrace('GET', undefined).traceId);
  });
});
