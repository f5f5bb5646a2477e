import { loadFolderModules, QUEUED_JOBS } from '../core/index.ts';
import { jobDefinitionSchema, type AnyJob } from './job.ts';

const DEFINITIONS = new URL('./definitions/', import.meta.url);

/** Every job the worker runs, one file each in jobs/definitions; add a job by adding its file. */
export class JobRegistry {
  private constructor(private readonly byName: Map<string, AnyJob>) {}

  static async load(): Promise<JobRegistry> {
    const jobs = (await loadFolderModules(DEFINITIONS, jobDefinitionSchema, 'job')) as unknown as AnyJob[];
    const registry = new JobRegistry(new Map(jobs.map((job) => [job.name, job])));
    const missing = QUEUED_JOBS.filter((name) => !registry.find(name));
    if (missing.length > 0) throw new Error(`core queues jobs with no definition: ${missing.join(', ')}`);
    return registry;
  }

  all(): AnyJob[] {
    return [...this.byName.values()];
  }

  find(name: string): AnyJob | undefined {
    return this.byName.get(name);
  }
}
