import type { ChainableCommander } from 'ioredis';

/**
 * Runs a pipeline or MULTI and throws the first error of any of its commands: ioredis
 * resolves them with per-command errors, and a RENAME that failed must not pass for done.
 */
export async function execOrThrow(commands: ChainableCommander): Promise<unknown[]> {
  const results = await commands.exec();
  if (results === null) throw new Error('Redis transaction aborted');
  for (const [error] of results) if (error) throw error;
  return results.map(([, value]) => value);
}
