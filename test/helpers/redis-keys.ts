import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from '../../core/index.ts';
import { queuePrefix } from '../../jobs/connection.ts';

/** The servers that hold keys: the one server, or each master of a cluster (SCAN sees only its own). */
function keyHolders(redis: RedisClient): Redis[] {
  return redis instanceof Cluster ? redis.nodes('master') : [redis];
}

/** Every key matching a glob pattern, on one server or across a whole cluster. */
export async function keysMatching(redis: RedisClient, pattern: string): Promise<string[]> {
  const found: string[] = [];
  for (const holder of keyHolders(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await holder.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      found.push(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
  return found;
}

/** Deletes keys one by one: on a cluster one DEL of several keys must stay in one hash slot. */
export async function deleteKeys(redis: RedisClient, keys: string[]): Promise<number> {
  const deleted = await Promise.all(keys.map((key) => redis.unlink(key)));
  return deleted.reduce((sum, n) => sum + n, 0);
}

/** Deletes every key a deployment with this REDIS_PREFIX wrote: core's and BullMQ's (`{<prefix>:bull}…`). */
export async function deletePrefixedKeys(redis: RedisClient, prefix: string): Promise<void> {
  for (const pattern of [`${prefix}*`, `${queuePrefix(prefix)}*`])
    await deleteKeys(redis, await keysMatching(redis, pattern));
}
