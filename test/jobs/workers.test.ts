import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueConnection } from '../../jobs/connection.ts';
import { QueueScheduler } from '../../jobs/queue-scheduler.ts';
import { startWorkers } from '../../jobs/workers.ts';
import pruneInvocations from '../../jobs/prune-invocations.ts';
import { createTestCore, type TestCore } from '../helpers/test-core.ts';

let core: TestCore;
let connection: Redis;
let scheduler: QueueScheduler;
let workers: ReturnType<typeof startWorkers>;
let events: QueueEvents;
let prefix: string;

beforeAll(async () => {
  core = await createTestCore('workers');
  connection = queueConnection(core.config.REDIS_URL);
  prefix = `${core.redisPrefix}:bull`;
  scheduler = new QueueScheduler(connection, prefix);
  workers = startWorkers(core, { connection, prefix });
  events = new QueueEvents(pruneInvocations.name, { connection: queueConnection(core.config.REDIS_URL), prefix });
  await events.waitUntilReady();
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await events.close();
  await scheduler.close();
  await connection.quit();
  await core?.cleanup();
});

describe('invocations.prune through a real BullMQ worker', () => {
  it('deletes remembered invocations older than the cutoff only', async () => {
    const now = Date.now();
    await core.models.Invocation.create([
      { _id: 'c|old', communityId: 'c', invocationId: 'old', status: 'done', createdAt: new Date(now - 8 * 24 * 3600 * 1000) },
      { _id: 'c|new', communityId: 'c', invocationId: 'new', status: 'done', createdAt: new Date(now - 3600 * 1000) },
    ]);
    await scheduler.enqueue(pruneInvocations.name, {}, { jobId: 'prune-1' });
    const job = await scheduler.queue(pruneInvocations.name).getJob('prune-1');
    const result = await job?.waitUntilFinished(events, 20_000);
    expect(result).toEqual({ deleted: 1 });
    expect((await core.models.Invocation.find({ communityId: 'c' }).lean()).map((d) => d.invocationId)).toEqual(['new']);
  });

  it('fails bad data at once instead of retrying it', async () => {
    const queue = scheduler.queue(pruneInvocations.name);
    const job = await queue.add(pruneInvocations.name, { olderThanMs: -5 }, { attempts: 5, jobId: 'bad-1' });
    await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow(/invalid data/);
    const failed = await queue.getJob('bad-1');
    expect(failed?.attemptsMade).toBe(1);
    expect(await failed?.getState()).toBe('failed');
  });

  it('installs its repeating schedule once, however often it is installed', async () => {
    await scheduler.installSchedules();
    await scheduler.installSchedules();
    const schedulers = await scheduler.queue(pruneInvocations.name).getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual(['invocations.prune:every']);
  });
});
