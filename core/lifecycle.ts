import type { Logger } from './logger.ts';

type Closer = () => Promise<void>;

/**
 * Runs the closers in order on SIGINT/SIGTERM (workers first, then connections), once,
 * and exits; a second signal exits at once.
 */
export function closeOnSignals(logger: Logger, closers: Closer[]): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) process.exit(1);
    closing = true;
    logger.info({ signal }, 'shutting down');
    for (const close of closers) {
      await close().catch((error: unknown) => logger.error({ err: error }, 'error while shutting down'));
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

/** Prints a start-up failure (bad configuration reads as one clear message) and exits non-zero. */
export function exitOnStartupError(error: unknown): never {
  const message = error instanceof Error && error.name === 'ConfigError' ? error.message : error;
  console.error(message);
  process.exit(1);
}
