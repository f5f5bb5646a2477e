import { z } from 'zod';
import { defineJob } from './job.ts';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Drops remembered invocation ids after a week: not every supported server has TTL indexes. */
export default defineJob({
  name: 'invocations.prune',
  data: z.object({ olderThanMs: z.number().int().positive().default(WEEK_MS) }),
  everyMs: 6 * 3600 * 1000,
  async process(core, data) {
    const cutoff = new Date(core.services.clock.now().getTime() - data.olderThanMs);
    return { deleted: await core.services.invocations.prune(cutoff) };
  },
});
