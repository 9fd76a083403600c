// The operator logs exactly as the gateway does (JSON lines on stderr): one logger for both.
export {
  createLogger,
  LogLevel,
  nullLogger,
  type LogFields,
  type Logger,
  type LogLevelName,
  type LogSink,
} from '@cmf/gateway/log';
