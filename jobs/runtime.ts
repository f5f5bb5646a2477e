import type { Worker } from 'bullmq';
import type { Config, Core } from '../core/index.ts';
import { queueConnection, queuePrefix } from './connection.ts';
import { QueueScheduler } from './queue-scheduler.ts';
import { JobRegistry } from './registry.ts';
import { startWorkers } from './workers.ts';

/** The queue side every process needs to enqueue jobs (bot, worker, demo). */
export async function createQueueScheduler(config: Config): Promise<QueueScheduler> {
  const jobs = await JobRegistry.load();
  return new QueueScheduler(jobs, queueConnection(config), queuePrefix(config.REDIS_PREFIX));
}

export interface JobRuntime {
  workers: Worker[];
  close(): Promise<void>;
}

/**
 * Runs every job's worker in this process and, when asked, installs the repeating schedules
 * and installs them again every few minutes: they live in Redis, and a Redis that lost them
 * would otherwise run nothing until some worker restarted.
 */
export async function startJobRuntime(
  core: Core,
  scheduler: QueueScheduler,
  options: { schedules: boolean },
): Promise<JobRuntime> {
  const { config, logger } = core;
  let reassert: NodeJS.Timeout | undefined;
  if (options.schedules) {
    await scheduler.installSchedules();
    reassert = setInterval(() => {
      scheduler.installSchedules().catch((error: unknown) => logger.warn({ err: error }, 'schedules not re-installed'));
    }, config.JOB_SCHEDULES_REASSERT_SECONDS * 1000);
    reassert.unref();
  }
  const workerConnection = queueConnection(config);
  const workers = startWorkers(core, scheduler.jobs.all(), {
    connection: workerConnection,
    prefix: queuePrefix(config.REDIS_PREFIX),
    lockMs: config.JOB_LOCK_MS,
    storeRetryMs: config.JOB_STORE_RETRY_MS,
    concurrency: config.JOB_CONCURRENCY,
  });
  return {
    workers,
    close: async () => {
      clearInterval(reassert);
      await Promise.all(workers.map((worker) => worker.close()));
      await scheduler.close();
      await workerConnection.quit();
    },
  };
}
