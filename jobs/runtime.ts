import type { Worker } from 'bullmq';
import type { Config, Core } from '../core/index.ts';
import { queueConnection } from './connection.ts';
import { QueueScheduler } from './queue-scheduler.ts';
import { JobRegistry } from './registry.ts';
import { startWorkers } from './workers.ts';

/** The queue side every process needs to enqueue jobs (bot, worker, demo). */
export async function createQueueScheduler(config: Config): Promise<QueueScheduler> {
  const jobs = await JobRegistry.load();
  return new QueueScheduler(jobs, queueConnection(config.REDIS_URL), `${config.REDIS_PREFIX}:bull`);
}

export interface JobRuntime {
  workers: Worker[];
  close(): Promise<void>;
}

/** Runs every job's worker in this process and, when asked, installs the repeating schedules. */
export async function startJobRuntime(
  core: Core,
  scheduler: QueueScheduler,
  options: { schedules: boolean },
): Promise<JobRuntime> {
  if (options.schedules) await scheduler.installSchedules();
  const workerConnection = queueConnection(core.config.REDIS_URL);
  const workers = startWorkers(core, scheduler.jobs.all(), {
    connection: workerConnection,
    prefix: `${core.config.REDIS_PREFIX}:bull`,
  });
  return {
    workers,
    close: async () => {
      await Promise.all(workers.map((worker) => worker.close()));
      await scheduler.close();
      await workerConnection.quit();
    },
  };
}
