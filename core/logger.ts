import { pino, destination, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Never logged: request bodies that platform errors carry (a Discord error holds the message
 * it failed to send), tokens, secrets and authorization headers, wherever they sit.
 */
const REDACTED = [
  'err.requestBody',
  'err.rawError',
  'err.data',
  'err.headers',
  'err.config',
  'err.request',
  'headers.authorization',
  '*.headers.authorization',
  '*.token',
  '*.botToken',
  '*.secret',
  '*.eventsSecret',
  '*.signingSecret',
  '*.clientSecret',
  'token',
  'secret',
];

/** Structured JSON logs on stderr, so stdout stays free for the console chat. */
export function createLogger(level: string, name = 'loyalbot', stream: DestinationStream = destination(2)): Logger {
  return pino({ name, level, base: { pid: process.pid }, redact: { paths: REDACTED, censor: '[redacted]' } }, stream);
}
