import { connectRedisClient, type RedisClient, type RedisTarget } from '../core/index.ts';

/** BullMQ needs connections that retry forever instead of failing queued commands. */
export function queueConnection(target: RedisTarget): RedisClient {
  return connectRedisClient(target, { maxRetriesPerRequest: null, enableReadyCheck: false });
}

/**
 * Where BullMQ keeps a deployment's queues. Its scripts touch many keys of a queue at once, so
 * on a Redis Cluster they must share a hash slot: the prefix is a hash tag, as BullMQ documents.
 */
export function queuePrefix(redisPrefix: string): string {
  return `{${redisPrefix}:bull}`;
}
