/** One JSON object per line on stderr, as Kubernetes log collectors expect. */
export const LogLevel = { error: 0, warn: 1, info: 2, debug: 3 } as const;
export type LogLevelName = keyof typeof LogLevel;

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  error(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
}

export type LogSink = (line: string) => void;

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  }
  return value;
}

export function createLogger(
  level: LogLevelName,
  sink: LogSink = (line) => process.stderr.write(line + '\n'),
): Logger {
  const threshold = LogLevel[level];
  const write = (name: LogLevelName, msg: string, fields: LogFields = {}): void => {
    if (LogLevel[name] > threshold) return;
    const record: Record<string, unknown> = { time: new Date().toISOString(), level: name, msg };
    for (const [key, value] of Object.entries(fields)) record[key] = serialise(value);
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
  };
}

export const nullLogger: Logger = createLogger('error', () => undefined);
