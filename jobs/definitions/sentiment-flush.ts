import { z } from 'zod';
import { defineJob } from '../job.ts';

/** Copies passive sentiment counters (per channel and day) from Redis into MongoDB. */
export default defineJob({
  name: 'sentiment-flush',
  data: z.object({}),
  everyMs: 5 * 60 * 1000,
  process: async (core) => ({
    copied: await core.services.support.passive.flushAll(await core.services.communities.ids()),
  }),
});
