import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Config } from '../config.ts';

/**
 * One Redis server or a Redis Cluster: both take the same commands. On a cluster every
 * command, MULTI, pipeline and script must keep its keys in one hash slot, which is why keys
 * touched together share a `{communityId}`-style hash tag.
 */
export type RedisClient = Redis | Cluster;

export type RedisTarget = Pick<Config, 'REDIS_URL' | 'REDIS_CLUSTER_NODES'>;

/**
 * A client for REDIS_CLUSTER_NODES when set, else for REDIS_URL. A cluster's nodes take the
 * user, password and TLS (rediss://) of REDIS_URL, so one secret serves both setups.
 */
export function connectRedisClient(target: RedisTarget, options: RedisOptions): RedisClient {
  if (!target.REDIS_CLUSTER_NODES) return new Redis(target.REDIS_URL, options);
  const url = new URL(target.REDIS_URL);
  const credentials: RedisOptions = {};
  if (url.username) credentials.username = decodeURIComponent(url.username);
  if (url.password) credentials.password = decodeURIComponent(url.password);
  if (url.protocol === 'rediss:') credentials.tls = {};
  return new Cluster(target.REDIS_CLUSTER_NODES, { redisOptions: { ...credentials, ...options } });
}
