import { Redis } from 'ioredis';

/** BullMQ needs connections that retry forever instead of failing queued commands. */
export function queueConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: false });
}
