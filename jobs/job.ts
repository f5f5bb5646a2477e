import { z } from 'zod';
import type { Core } from '../core/index.ts';

/** One background job: its name (also its file and queue), typed data, optional schedule, a thin processor. */
export interface JobDefinition<D extends Record<string, unknown> = Record<string, unknown>> {
  readonly name: string;
  readonly data: z.ZodType<D>;
  /** Repeats on this interval for the whole deployment (a BullMQ job scheduler). */
  readonly everyMs?: number;
  readonly attempts?: number;
  /** While MongoDB is unreachable the job waits, however long, instead of using up attempts. */
  readonly waitsForStore?: boolean;
  process(core: Core, data: D): Promise<unknown>;
}

/** A job of any data shape, as the registry and workers hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJob = JobDefinition<any>;

export function defineJob<D extends Record<string, unknown>>(job: JobDefinition<D>): JobDefinition<D> {
  return job;
}

/** What every file in jobs/definitions must export; checked when the registry loads. */
export const jobDefinitionSchema = z.looseObject({
  name: z.string().regex(/^[a-z][a-z-]{0,47}$/, 'lower-case words joined by dashes'),
  data: z.custom<z.ZodType>((value) => value instanceof z.ZodType, 'must be a zod schema'),
  everyMs: z.number().int().min(1000).optional(),
  attempts: z.number().int().min(1).max(100).optional(),
  waitsForStore: z.boolean().optional(),
  process: z.custom<AnyJob['process']>((value) => typeof value === 'function', 'must be a function'),
});
