import { describe, expect, it } from 'vitest';
import { Counter } from './counter.js';

describe('Counter', () => {
  it('counts per label set and renders Prometheus text with escaped values', () => {
    const counter = new Counter('x_total', 'Things.', ['route', 'status'] as const);
    counter.inc({ route: '/a', status: '200' });
    counter.inc({ route: '/a', status: '200' });
    counter.inc({ route: 'say "hi"\\', status: '400' }, 3);
    expect(counter.get({ route: '/a', status: '200' })).toBe(2);
    expect(counter.render()).toEqual([
      '# HELP x_total Things.',
      '# TYPE x_total counter',
      'x_total{route="/a",status="200"} 2',
      'x_total{route="say \\"hi\\"\\\\",status="400"} 3',
    ]);
  });
});
