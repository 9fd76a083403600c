/**
 * A small structured logger: one JSON object per line on stderr, which is what Kubernetes log
 * collectors expect. Levels are ordered; anything below the configured level costs one compare.
 */
export const LogLevel = { error: 0, warn: 1, info: 2, debug: 3 } as const;
export type LogLevelName = keyof typeof LogLevel;

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  error(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export type LogSink = (line: string) => void;

const stderrSink: LogSink = (line) => {
  process.stderr.write(line + '\n');
};

function serialise(value: unknown): unknown {
  if (value instanceof Error)
    return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export function createLogger(level: LogLevelName, base: LogFields = {}, sink: LogSink = stderrSink): Logger {
  const threshold = LogLevel[level];
  const write = (name: LogLevelName, msg: string, fields?: LogFields): void => {
    if (LogLevel[name] > threshold) return;
    const record: Record<string, unknown> = { time: new Date().toISOString(), level: name, msg, ...base };
    if (fields) for (const [k, v] of Object.entries(fields)) record[k] = serialise(v);
    sink(JSON.stringify(record));
  };
  return {
    error: (msg, fields) => {
      write('error', msg, fields);
    },
    warn: (msg, fields) => {
      write('warn', msg, fields);
    },
    info: (msg, fields) => {
      write('info', msg, fields);
    },
    debug: (msg, fields) => {
      write('debug', msg, fields);
    },
    child: (fields) => createLogger(level, { ...base, ...fields }, sink),
  };
}

/** For tests and tools that want silence. */
export const nullLogger: Logger = createLogger('error', {}, () => undefined);
