import { Queue, type Job, type JobType } from 'bullmq';
import type { EnqueueOptions, JobScheduler, RedisClient } from '../core/index.ts';
import type { JobRegistry } from './registry.ts';

const PAGE = 500;
/** Every state a job rests in with its data; finished jobs keep theirs for a while too. */
const FORGETTABLE_STATES: JobType[] = ['waiting', 'delayed', 'prioritized', 'paused', 'failed', 'completed'];

/** Each job has a queue of its own name, so a slow job never delays another. */
export class QueueScheduler implements JobScheduler {
  private readonly queues = new Map<string, Queue>();

  constructor(
    readonly jobs: JobRegistry,
    private readonly connection: RedisClient,
    private readonly prefix: string,
  ) {}

  /** Every job's queue (the dashboard's Bull Board shows them). */
  allQueues(): Queue[] {
    return this.jobs.all().map((job) => this.queue(job.name));
  }

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

  async forget(name: string, member: { communityId: string; platform: string; userId: string }): Promise<number> {
    const queue = this.queue(name);
    const theirs: Job[] = [];
    for (let start = 0; ; start += PAGE) {
      const jobs = await queue.getJobs(FORGETTABLE_STATES, start, start + PAGE - 1);
      for (const job of jobs) {
        const data = (job?.data ?? {}) as Record<string, unknown>;
        const same = (field: keyof typeof member) => data[field] === member[field];
        if (same('communityId') && same('platform') && same('userId')) theirs.push(job);
      }
      if (jobs.length < PAGE) break;
    }
    // A job running right now cannot be removed; the member's erasure tombstone drops it.
    const removed = await Promise.all(
      theirs.map((job) =>
        job.remove().then(
          () => 1,
          () => 0,
        ),
      ),
    );
    return removed.reduce<number>((sum, n) => sum + n, 0);
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
