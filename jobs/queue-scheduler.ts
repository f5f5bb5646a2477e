import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EnqueueOptions, JobScheduler } from '../core/index.ts';
import type { JobRegistry } from './registry.ts';

/** Each job has a queue of its own name, so a slow job never delays another. */
export class QueueScheduler implements JobScheduler {
  private readonly queues = new Map<string, Queue>();

  constructor(
    readonly jobs: JobRegistry,
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {}

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue(name: string, data: Record<string, unknown>, options: EnqueueOptions = {}): Promise<void> {
    const job = this.jobs.find(name);
    if (!job) throw new Error(`unknown job ${name}`);
    await this.queue(name).add(name, job.data.parse(data), {
      jobId: options.jobId,
      deduplication: options.dedupeId ? { id: options.dedupeId } : undefined,
      delay: options.delayMs,
      attempts: job.attempts ?? 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  /** Creates or updates the repeating schedules; idempotent, safe from every worker. */
  async installSchedules(): Promise<void> {
    for (const job of this.jobs.all()) {
      if (!job.everyMs) continue;
      await this.queue(job.name).upsertJobScheduler(
        `${job.name}:every`,
        { every: job.everyMs },
        {
          name: job.name,
          data: job.data.parse({}),
          opts: { attempts: job.attempts ?? 5, backoff: { type: 'exponential', delay: 1000 } },
        },
      );
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
    if (this.connection.status !== 'end') await this.connection.quit().catch(() => undefined);
  }
}
