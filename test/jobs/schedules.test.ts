import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/index.ts';
import { createQueueScheduler, startJobRuntime, type JobRuntime } from '../../jobs/runtime.ts';
import type { QueueScheduler } from '../../jobs/queue-scheduler.ts';
import { createTestCore, waitUntil, type TestCore } from '../helpers/test-core.ts';
import { queuePrefix } from '../../jobs/connection.ts';
import { deleteKeys, keysMatching } from '../helpers/redis-keys.ts';

let core: TestCore;
let scheduler: QueueScheduler;
let runtime: JobRuntime;
const prefix = `test-schedules-${Date.now()}`;

beforeAll(async () => {
  const env = { REDIS_PREFIX: prefix, JOB_SCHEDULES_REASSERT_SECONDS: '1' };
  scheduler = await createQueueScheduler(loadConfig({ ...process.env, ...env }));
  core = await createTestCore('schedules', { jobs: scheduler }, env);
  runtime = await startJobRuntime(core, scheduler, { schedules: true });
});
afterAll(async () => {
  await runtime?.close();
  await core?.cleanup();
});

describe('repeating schedules after Redis lost them', () => {
  it('are installed again by the running worker, without a restart', async () => {
    const flush = scheduler.queue('chat-points-flush');
    expect((await flush.getJobSchedulers()).map((s) => s.key)).toEqual(['chat-points-flush:every']);
    await deleteKeys(core.redis, await keysMatching(core.redis, `${queuePrefix(prefix)}:*`));
    expect(await flush.getJobSchedulers()).toEqual([]);
    const scheduled = scheduler.jobs.all().filter((job) => job.everyMs);
    const installed = async () =>
      (await Promise.all(scheduled.map((job) => scheduler.queue(job.name).getJobSchedulers()))).flat().length;
    await waitUntil(async () => (await installed()) === scheduled.length, 10_000);
    expect((await flush.getJobSchedulers()).map((s) => s.key)).toEqual(['chat-points-flush:every']);
  });
});
