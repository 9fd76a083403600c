import { describe, expect, it } from 'vitest';
import { LogLevel } from '../log/index.js';
import { parseOptionValue } from './option-value.js';
import { adminOptions, listenOptions, logOptions } from './process-options.js';

describe('the options every CMF process shares', () => {
  it('name their variables after the prefix and their flags after the option alone', () => {
    const options = {
      ...listenOptions('CMF_X_', {
        host: { default: '127.0.0.1', doc: 'Host.' },
        port: { default: 1, doc: 'Port.' },
      }),
      ...adminOptions('CMF_X_', { host: { doc: 'Admin host.' }, port: { default: 2, doc: 'Admin port.' } }),
      ...logOptions('CMF_X_'),
    };
    expect(Object.values(options).map((o) => [o.env, o.flag])).toStrictEqual([
      ['CMF_X_LISTEN_HOST', '--listen-host'],
      ['CMF_X_LISTEN_PORT', '--listen-port'],
      ['CMF_X_ADMIN_HOST', '--admin-host'],
      ['CMF_X_ADMIN_PORT', '--admin-port'],
      ['CMF_X_LOG_LEVEL', '--log-level'],
    ]);
  });

  it('take any host unless the process narrows it, and only ports', () => {
    const open = listenOptions('CMF_', {
      host: { default: '0.0.0.0', doc: 'd.' },
      port: { default: 1, doc: 'd.' },
    });
    const narrow = listenOptions('CMF_', {
      host: { default: 'a', format: { test: (v) => v === 'a', expected: 'a' }, doc: 'd.' },
      port: { default: 1, doc: 'd.' },
    });
    expect(parseOptionValue({ ...open['listen.host'], key: 'k' }, '10.0.0.1')).toStrictEqual({
      ok: true,
      value: '10.0.0.1',
    });
    expect(parseOptionValue({ ...narrow['listen.host'], key: 'k' }, '10.0.0.1').ok).toBe(false);
    expect(parseOptionValue({ ...open['listen.port'], key: 'k' }, '65536').ok).toBe(false);
    expect(parseOptionValue({ ...open['listen.port'], key: 'k' }, '0')).toStrictEqual({ ok: true, value: 0 });
  });

  it('append a process note to the common log doc and offer exactly the logger levels', () => {
    const level = logOptions('CMF_', { note: 'Secrets never.' })['log.level'];
    expect(level.doc).toBe('Least severe level written (JSON lines on stderr). Secrets never.');
    expect(level.values).toStrictEqual(Object.keys(LogLevel));
    expect(level.default).toBe('info');
  });
});
