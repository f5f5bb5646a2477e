import { z } from 'zod';
import { defineJob } from './job.ts';

/** Copies passive sentiment counters (per channel and day) from Redis into MongoDB. */
export default defineJob({
  name: 'sentiment.flush',
  data: z.object({}),
  everyMs: 5 * 60 * 1000,
  async process(core) {
    let copied = 0;
    for (const community of await core.services.communities.all())
      copied += await core.services.support.passive.flush(community.communityId);
    return { copied };
  },
});
