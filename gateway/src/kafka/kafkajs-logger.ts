import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '../log/index.js';

/** Routes kafkajs' own log lines into the process logger, keeping its namespace. */
export function kafkajsLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, ...fields } = log;
      const entry = { component: 'kafkajs', namespace, ...fields };
      if (level === logLevel.ERROR) logger.error(message, entry);
      else if (level === logLevel.WARN) logger.warn(message, entry);
      else if (level === logLevel.INFO) logger.debug(message, entry);
    };
}
