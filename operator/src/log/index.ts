export {
  createLogger,
  LogLevel,
  nullLogger,
  type LogFields,
  type Logger,
  type LogLevelName,
  type LogSink,
} from './logger.js';
