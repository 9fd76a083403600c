import { describe, expect, it } from 'vitest';
import { OptionType, type OptionSpec } from './option-spec.js';
import { helpRequested, resolveOptions, type ConfigInput } from './resolve-options.js';

// A table with one option of every type, so the engine is tested apart from the gateway's table.
const table: readonly OptionSpec[] = [
  {
    key: 'name',
    section: 's',
    type: OptionType.String,
    env: 'CMF_NAME',
    flag: '--name',
    default: 'anon',
    format: { test: (v) => /^[a-z]+$/.test(v), expected: 'lower-case letters' },
    doc: 'A string.',
  },
  {
    key: 'count',
    section: 's',
    type: OptionType.Int,
    env: 'CMF_COUNT',
    flag: '--count',
    default: 3,
    min: 1,
    max: 10,
    doc: 'An int.',
  },
  {
    key: 'wait',
    section: 's',
    type: OptionType.DurationMs,
    env: 'CMF_WAIT',
    flag: '--wait',
    default: 1000,
    min: 100,
    max: 60_000,
    doc: 'A duration.',
  },
  {
    key: 'size',
    section: 's',
    type: OptionType.Bytes,
    env: 'CMF_SIZE',
    flag: '--size',
    default: 1024,
    min: 1024,
    max: 1024 * 1024,
    doc: 'A size.',
  },
  {
    key: 'verbose',
    section: 's',
    type: OptionType.Boolean,
    env: 'CMF_VERBOSE',
    flag: '--verbose',
    default: false,
    doc: 'A boolean.',
  },
  {
    key: 'tags',
    section: 's',
    type: OptionType.List,
    env: 'CMF_TAGS',
    flag: '--tags',
    required: true,
    item: { test: (v) => /^[a-z]+$/.test(v), expected: 'a comma-separated list of tags (e.g. a,b)' },
    doc: 'A list.',
  },
  {
    key: 'color',
    section: 's',
    type: OptionType.Enum,
    env: 'CMF_COLOR',
    flag: '--color',
    values: ['red', 'green'],
    default: 'red',
    doc: 'An enum.',
  },
  {
    key: 'token',
    section: 's',
    type: OptionType.String,
    env: 'CMF_TOKEN',
    flag: '--token',
    secret: true,
    format: { test: (v) => v.length >= 8, expected: 'at least 8 characters' },
    doc: 'A secret.',
  },
  {
    key: 'host',
    section: 's',
    type: OptionType.String,
    env: 'CMF_HOST',
    flag: '--host',
    required: true,
    default: { describe: 'the host name', derive: (host) => host.hostname },
    format: { test: () => true, expected: 'a host' },
    doc: 'A host-derived default.',
  },
];

function resolve(input: Partial<ConfigInput>) {
  const result = resolveOptions(table, {
    env: { CMF_TAGS: 'a', ...input.env },
    argv: input.argv ?? [],
    hostname: input.hostname ?? 'box',
  });
  return { values: Object.fromEntries([...result.values].map(([k, r]) => [k, r.value])), result };
}

describe('resolveOptions', () => {
  it('resolves defaults (and host-derived ones) when nothing is set', () => {
    const { values, result } = resolve({});
    expect(result.problems).toEqual([]);
    expect(values).toStrictEqual({
      name: 'anon',
      count: 3,
      wait: 1000,
      size: 1024,
      verbose: false,
      tags: ['a'],
      color: 'red',
      token: undefined,
      host: 'box',
    });
    expect(result.values.get('wait')?.source).toBe('CMF_WAIT default 1s');
    expect(result.values.get('token')?.source).toBe('CMF_TOKEN unset');
  });

  it('parses every type from env', () => {
    const { values, result } = resolve({
      env: {
        CMF_NAME: ' bob ',
        CMF_COUNT: '7',
        CMF_WAIT: '5s',
        CMF_SIZE: '64KiB',
        CMF_VERBOSE: 'true',
        CMF_TAGS: 'x, y,,z,',
        CMF_COLOR: 'green',
        CMF_TOKEN: ' s3cret!! ',
        CMF_HOST: 'h1',
      },
    });
    expect(result.problems).toEqual([]);
    expect(values).toStrictEqual({
      name: 'bob',
      count: 7,
      wait: 5000,
      size: 65536,
      verbose: true,
      tags: ['x', 'y', 'z'],
      color: 'green',
      // Secrets are taken verbatim: spaces may be part of them.
      token: ' s3cret!! ',
      host: 'h1',
    });
    expect(result.values.get('size')?.source).toBe('CMF_SIZE=64KiB');
    expect(result.values.get('token')?.source).toBe('CMF_TOKEN=<redacted>');
  });

  it('parses every type from flags, in both --name=value and --name value forms', () => {
    const { values, result } = resolve({
      argv: [
        '--name=bob',
        '--count',
        '7',
        '--wait=250ms',
        '--size',
        '1MiB',
        '--verbose',
        '--tags=p,q',
        '--color',
        'green',
        '--token=longenough',
        '--host=h2',
      ],
    });
    expect(result.problems).toEqual([]);
    expect(values).toStrictEqual({
      name: 'bob',
      count: 7,
      wait: 250,
      size: 1048576,
      verbose: true,
      tags: ['p', 'q'],
      color: 'green',
      token: 'longenough',
      host: 'h2',
    });
    expect(result.values.get('wait')).toMatchObject({ origin: 'flag', source: '--wait=250ms' });
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['false', false],
    ['0', false],
  ])('reads boolean %s', (raw, expected) => {
    expect(resolve({ env: { CMF_VERBOSE: raw } }).values['verbose']).toBe(expected);
    expect(resolve({ argv: [`--verbose=${raw}`] }).values['verbose']).toBe(expected);
  });

  it('lets flags override env and reads no overridden env var', () => {
    const { values, result } = resolve({
      env: { CMF_COUNT: 'not a number', CMF_WAIT: '5s' },
      argv: ['--count=9', '--wait=2s'],
    });
    expect(result.problems).toEqual([]);
    expect(values['count']).toBe(9);
    expect(values['wait']).toBe(2000);
  });

  it('lets the last of a repeated flag win', () => {
    expect(resolve({ argv: ['--count=2', '--count=4'] }).values['count']).toBe(4);
  });

  it('treats empty values as unset', () => {
    const { values, result } = resolve({ env: { CMF_COUNT: '', CMF_NAME: '  ' }, argv: ['--wait='] });
    expect(result.problems).toEqual([]);
    expect(values['count']).toBe(3);
    expect(values['name']).toBe('anon');
    expect(values['wait']).toBe(1000);
  });

  it('names the variable or flag, the value and the expectation for every bad value', () => {
    const { result } = resolve({
      env: {
        CMF_NAME: 'Bob',
        CMF_COUNT: '11',
        CMF_WAIT: 'soon',
        CMF_SIZE: '2MiB',
        CMF_VERBOSE: 'yes',
        CMF_TAGS: 'ok,Bad,WORSE',
        CMF_COLOR: 'blue',
        CMF_TOKEN: 'short',
      },
      argv: ['--size=abc'],
    });
    expect(result.problems).toEqual([
      'CMF_NAME=Bob: expected lower-case letters',
      'CMF_COUNT=11: expected an integer between 1 and 10',
      'CMF_WAIT=soon: expected a duration (e.g. 250ms, 5s, 5m or plain milliseconds)',
      '--size=abc: expected a size in bytes (e.g. 65536 or 64KiB)',
      'CMF_VERBOSE=yes: expected true or false',
      'CMF_TAGS=ok,Bad,WORSE: bad entries "Bad", "WORSE"; expected a comma-separated list of tags (e.g. a,b)',
      'CMF_COLOR=blue: expected one of red, green',
      'CMF_TOKEN=<redacted>: expected at least 8 characters',
    ]);
    expect(result.values.has('count')).toBe(false);
  });

  it('keeps each problem on one line when a value holds a newline', () => {
    const { result } = resolve({ env: { CMF_COUNT: '3\n4' }, argv: ['--wat\nx=1'] });
    expect(result.problems).toEqual([
      'unknown flag "--wat\\nx"',
      'CMF_COUNT="3\\n4": expected an integer between 1 and 10',
    ]);
  });

  it('tells range errors from format errors', () => {
    const { result } = resolve({ env: { CMF_WAIT: '2m', CMF_SIZE: '512', CMF_COUNT: '1.5' } });
    expect(result.problems).toEqual([
      'CMF_COUNT=1.5: expected an integer between 1 and 10',
      'CMF_WAIT=2m: expected a duration between 100ms and 1m',
      'CMF_SIZE=512: expected a size between 1KiB and 1MiB',
    ]);
  });

  it('reports a missing required value and a host default that cannot be derived', () => {
    const result = resolveOptions(table, { env: {}, argv: [] });
    expect(result.problems).toEqual([
      'CMF_TAGS (or --tags) is required: expected a comma-separated list of tags (e.g. a,b)',
      'CMF_HOST (or --host) is required: expected a host',
    ]);
  });

  it('rejects unknown flags, suggesting a near one, without echoing their values', () => {
    const { result } = resolve({
      argv: ['stray', '--foo', '--cuont=3', '--tokn', 'hunter22', '-x', '--count'],
    });
    expect(result.problems).toEqual([
      'unexpected argument "stray" (options are given as --name=value)',
      'unknown flag --foo',
      'unknown flag --cuont; did you mean --count?',
      'unknown flag --tokn; did you mean --token?',
      'unknown flag -x',
      '--count needs a value: expected an integer between 1 and 10',
    ]);
    expect(result.problems.join('\n')).not.toContain('hunter22');
  });

  it('rejects CMF_ variables that look like typos, and only those', () => {
    const { result } = resolve({
      env: {
        CMF_CUONT: '3',
        CMF_WAIT_MS: '5',
        CMF_INSTANCE: 'dev',
        CMF_TOKEM: 'x',
        COUNT: '1',
        cmf_count: '1',
      },
    });
    expect(result.problems).toEqual([
      'CMF_CUONT is not a known option; did you mean CMF_COUNT?',
      'CMF_TOKEM is not a known option; did you mean CMF_TOKEN?',
      'CMF_WAIT_MS is not a known option; did you mean CMF_WAIT?',
    ]);
  });

  it('ignores --help and -h (the caller checks helpRequested first)', () => {
    expect(resolve({ argv: ['--help', '-h'] }).result.problems).toEqual([]);
  });
});

describe('helpRequested', () => {
  it.each([
    [['--help'], true],
    [['--count=3', '-h'], true],
    [['--count=3'], false],
    [[], false],
    [['--helpful'], false],
  ])('%j -> %s', (argv, expected) => {
    expect(helpRequested(argv)).toBe(expected);
  });
});
