import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { isStoreUnavailable, type Core, type RedisClient } from '../core/index.ts';
import type { AnyJob } from './job.ts';

export interface WorkerOptions {
  connection: RedisClient;
  prefix: string;
  concurrency?: number;
  /** How long a job's lock lasts; a worker that died lets another take the job after it. */
  lockMs?: number;
  /** Wait before trying again a job that waits for MongoDB (see JobDefinition.waitsForStore). */
  storeRetryMs?: number;
}

/**
 * A job that must not be lost while MongoDB is away goes back to waiting without using up
 * an attempt: an outage of any length is not a reason to give up on it.
 */
async function waitForStore(bullJob: Job, token: string | undefined, delayMs: number): Promise<never> {
  await bullJob.moveToDelayed(Date.now() + delayMs, token);
  throw new DelayedError();
}

function startWorker(core: Core, job: AnyJob, options: WorkerOptions): Worker {
  const worker = new Worker(
    job.name,
    async (bullJob, token) => {
      const data = job.data.safeParse(bullJob.data);
      // Bad data will not get better on retry.
      if (!data.success) throw new UnrecoverableError(`invalid data for ${job.name}: ${data.error.message}`);
      try {
        return await job.process(core, data.data);
      } catch (error) {
        if (job.waitsForStore && isStoreUnavailable(error))
          return waitForStore(bullJob, token, options.storeRetryMs ?? 30_000);
        throw error;
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 2,
      lockDuration: options.lockMs ?? 30_000,
      stalledInterval: options.lockMs ?? 30_000,
    },
  );
  worker.on('failed', (bullJob, error) =>
    core.logger.warn({ job: job.name, id: bullJob?.id, attempt: bullJob?.attemptsMade, err: error }, 'job failed'),
  );
  worker.on('error', (error) => core.logger.error({ job: job.name, err: error }, 'worker error'));
  return worker;
}

/** One BullMQ worker per job queue, all calling into core through the job's processor. */
export function startWorkers(core: Core, jobs: AnyJob[], options: WorkerOptions): Worker[] {
  return jobs.map((job) => startWorker(core, job, options));
}
