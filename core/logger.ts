import { pino, destination, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stderr, so stdout stays free for the console chat. */
export function createLogger(level: string, name = 'loyalbot'): Logger {
  return pino({ name, level, base: { pid: process.pid } }, destination(2));
}
