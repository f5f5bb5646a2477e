import type { JobDefinition } from './job.ts';
import pruneInvocations from './prune-invocations.ts';

/** Every job the worker runs; add a job by adding its file and listing it here. */
export const JOBS: JobDefinition<any>[] = [pruneInvocations]; // eslint-disable-line @typescript-eslint/no-explicit-any

export function findJob(name: string): JobDefinition<any> | undefined { // eslint-disable-line @typescript-eslint/no-explicit-any
  return JOBS.find((job) => job.name === name);
}
