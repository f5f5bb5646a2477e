import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Core } from '../core/index.ts';
import type { AnyJob } from './job.ts';

export interface WorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency?: number;
}

function startWorker(core: Core, job: AnyJob, options: WorkerOptions): Worker {
  const worker = new Worker(
    job.name,
    async (bullJob) => {
      const data = job.data.safeParse(bullJob.data);
      // Bad data will not get better on retry.
      if (!data.success) throw new UnrecoverableError(`invalid data for ${job.name}: ${data.error.message}`);
      return job.process(core, data.data);
    },
    { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency ?? 2 },
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
