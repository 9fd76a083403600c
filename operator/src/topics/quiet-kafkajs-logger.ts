import { logLevel, type logCreator } from 'kafkajs';

/** Where kafkajs' own log lines go; the operator's logger fits (only debug is used). */
export interface TopicsLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
}

/** The kafkajs level passed with `quietLogCreator`: nothing below a warning is even built. */
export const kafkajsLogLevel = logLevel.WARN;

/**
 * kafkajs logs every failed connection and retry at ERROR, once per attempt and broker. The
 * operator already reports each failure once, as a condition reason and a requeue, so kafkajs'
 * warnings and errors are kept for debugging only: they go to `logger.debug`, or nowhere.
 */
export function quietLogCreator(logger?: TopicsLogger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      if (logger === undefined || level > kafkajsLogLevel) return;
      const { message, ...fields } = log;
      logger.debug(message, { component: 'kafkajs', namespace, ...fields });
    };
}
