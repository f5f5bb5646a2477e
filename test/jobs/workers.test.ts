import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIdFor, type RedisClient } from '../../core/index.ts';
import { queueConnection, queuePrefix } from '../../jobs/connection.ts';
import { QueueScheduler } from '../../jobs/queue-scheduler.ts';
import { JobRegistry } from '../../jobs/registry.ts';
import { startWorkers } from '../../jobs/workers.ts';
import personasRefresh from '../../jobs/definitions/personas-refresh.ts';
import recommendTrain from '../../jobs/definitions/recommend-train.ts';
import chatPointsFlush from '../../jobs/definitions/chat-points-flush.ts';
import { z } from 'zod';
import { createTestCore, waitUntil, type TestCore } from '../helpers/test-core.ts';

let core: TestCore;
let connection: RedisClient;
let scheduler: QueueScheduler;
let workers: ReturnType<typeof startWorkers>;
let events: QueueEvents;
let prefix: string;

beforeAll(async () => {
  // Jobs queue follow-up jobs through the same scheduler the test drives.
  core = await createTestCore('workers', {
    jobs: {
      enqueue: (name, data, options) => scheduler.enqueue(name, data, options),
      forget: (name, member) => scheduler.forget(name, member),
    },
  });
  connection = queueConnection(core.config);
  prefix = queuePrefix(core.redisPrefix);
  const jobs = await JobRegistry.load();
  scheduler = new QueueScheduler(jobs, connection, prefix);
  workers = startWorkers(core, jobs.all(), { connection, prefix });
  events = new QueueEvents(personasRefresh.name, { connection: queueConnection(core.config), prefix });
  await events.waitUntilReady();
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await events.close();
  await scheduler.close(); // also closes the shared connection
  await core?.cleanup();
});

describe('loyalty jobs through a real BullMQ worker', () => {
  it('flushes chat points counted in Redis into the ledger', async () => {
    await core.services.communities.ensure('console', 'guild-jobs');
    await core.services.members.join({
      communityId: 'guild-jobs',
      platform: 'console',
      userId: 'ola',
      displayName: 'Ola',
      tier: 'free',
      now: new Date(),
    });
    const user = { id: 'ola', displayName: 'Ola', role: 'member' as const };
    const community = await core.services.communities.ensure('console', 'guild-jobs');
    await core.services.loyalty.chat.record(
      {
        platform: 'console',
        communityId: 'guild-jobs',
        channelId: 'general',
        messageId: 'm1',
        user,
        text: 'hi everyone, glad to be here',
        at: new Date(),
      },
      community,
    );
    const events = new QueueEvents(chatPointsFlush.name, {
      connection: queueConnection(core.config),
      prefix,
    });
    await events.waitUntilReady();
    try {
      await scheduler.enqueue(chatPointsFlush.name, {}, { jobId: 'flush-1' });
      const job = await scheduler.queue(chatPointsFlush.name).getJob('flush-1');
      expect(await job?.waitUntilFinished(events, 20_000)).toMatchObject({ credited: 1 });
    } finally {
      await events.close();
    }
    expect(
      (await core.services.loyalty.ledger.totals({ communityId: 'guild-jobs', platform: 'console', userId: 'ola' }))
        .balance,
    ).toBe(1);
  });

  it('retries a failing job with backoff, then keeps it as failed', async () => {
    let calls = 0;
    const flaky = {
      name: 'test-always-fails',
      data: z.object({}),
      attempts: 3,
      process: async () => {
        calls += 1;
        throw new Error(`boom ${calls}`);
      },
    };
    const [worker] = startWorkers(core, [flaky], { connection, prefix });
    const events = new QueueEvents(flaky.name, { connection: queueConnection(core.config), prefix });
    await events.waitUntilReady();
    try {
      const queue = scheduler.queue(flaky.name);
      const job = await queue.add(
        flaky.name,
        {},
        { attempts: 3, backoff: { type: 'fixed', delay: 50 }, jobId: 'flaky-1' },
      );
      await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow('boom 3');
      const failed = await queue.getJob('flaky-1');
      expect(failed?.attemptsMade).toBe(3);
      expect(await failed?.getState()).toBe('failed');
      expect(calls).toBe(3);
    } finally {
      await events.close();
      await worker?.close();
    }
  });
});

describe('personas-refresh through a real BullMQ worker', () => {
  it('refreshes one community on demand', async () => {
    const community = 'guild-refresh';
    await core.services.communities.ensure('console', community);
    for (let i = 0; i < 6; i += 1) {
      await core.services.members.join({
        communityId: community,
        platform: 'console',
        userId: `p${i}`,
        displayName: `P${i}`,
        tier: 'free',
        now: new Date(Date.now() - i * 40 * 86_400_000),
      });
    }
    await scheduler.enqueue(personasRefresh.name, { communityId: community }, { jobId: 'refresh-1' });
    const job = await scheduler.queue(personasRefresh.name).getJob('refresh-1');
    const result = (await job?.waitUntilFinished(events, 60_000)) as {
      refreshed: Array<{ communityId: string; members: number }>;
    };
    expect(result.refreshed).toEqual([expect.objectContaining({ communityId: community, members: 6 })]);
    const snapshot = await core.services.insights.personas.latest(community);
    expect(snapshot).not.toBeNull();

    // Personas were renumbered, so picks are retrained: one queued run per snapshot.
    const trainId = jobIdFor('recommend-train', String(snapshot?._id));
    // Polled rather than awaited through QueueEvents: the run may finish before a listener
    // would be subscribed, and its event would then never arrive.
    const trainState = async () => (await scheduler.queue(recommendTrain.name).getJob(trainId))?.getState();
    await waitUntil(async () => ['completed', 'failed'].includes(String(await trainState())), 60_000);
    const train = await scheduler.queue(recommendTrain.name).getJob(trainId);
    expect(await train?.getState(), train?.failedReason).toBe('completed');
    expect(train?.returnvalue).toMatchObject({ trained: [expect.objectContaining({ communityId: community })] });
    // A refresh and a training run: a minute or more on a loaded two-core machine.
  }, 150_000);

  it('fails bad data at once instead of retrying it', async () => {
    const queue = scheduler.queue(personasRefresh.name);
    const job = await queue.add(personasRefresh.name, { communityId: '' }, { attempts: 5, jobId: 'bad-1' });
    await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow(/invalid data/);
    const failed = await queue.getJob('bad-1');
    expect(failed?.attemptsMade).toBe(1);
    expect(await failed?.getState()).toBe('failed');
  });

  it('installs its repeating schedule once, however often it is installed', async () => {
    await scheduler.installSchedules();
    await scheduler.installSchedules();
    const schedulers = await scheduler.queue(personasRefresh.name).getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual(['personas-refresh:every']);
  });
});
