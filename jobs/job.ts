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

/** The one community a job was asked for, or every community (the nightly run). */
export async function communitiesFor(core: Core, communityId: string | undefined): Promise<string[]> {
  return communityId
    ? [communityId]
    : (await core.services.communities.all()).map((community) => community.communityId);
}

/** A job of any data shape, as the registry and workers hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJob = JobDefinition<any>;

export function defineJob<D extends Record<string, unknown>>(job: JobDefinition<D>): JobDefinition<D> {
  return job;
}
