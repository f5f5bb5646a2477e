import type { z } from 'zod';
import type { Core } from '../core/app.ts';

/** One background job: its queue name, typed data, optional schedule and a thin processor. */
export interface JobDefinition<D extends Record<string, unknown> = Record<string, unknown>> {
  readonly name: string;
  readonly data: z.ZodType<D>;
  /** Repeats on this interval for the whole deployment (a BullMQ job scheduler). */
  readonly everyMs?: number;
  readonly attempts?: number;
  process(core: Core, data: D): Promise<unknown>;
}

export function defineJob<D extends Record<string, unknown>>(job: JobDefinition<D>): JobDefinition<D> {
  return job;
}
