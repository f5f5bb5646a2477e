import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { connectRedisClient } from '../../core/index.ts';

describe('the Redis client', () => {
  it('is one server for REDIS_URL, or a cluster that takes REDIS_URL’s user, password and TLS', () => {
    const single = connectRedisClient({ REDIS_URL: 'redis://127.0.0.1:1' }, { lazyConnect: true });
    expect(single).toBeInstanceOf(Redis);
    single.disconnect();
    const cluster = connectRedisClient(
      { REDIS_URL: 'rediss://bot:p%40ss@redis.internal:6379', REDIS_CLUSTER_NODES: [{ host: '127.0.0.1', port: 1 }] },
      { maxRetriesPerRequest: null },
    );
    cluster.on('error', () => undefined);
    expect(cluster).toBeInstanceOf(Cluster);
    expect((cluster as Cluster).options.redisOptions).toMatchObject({
      username: 'bot',
      password: 'p@ss',
      tls: {},
      maxRetriesPerRequest: null,
    });
    cluster.disconnect();
  });
});
