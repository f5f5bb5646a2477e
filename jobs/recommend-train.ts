import { z } from 'zod';
import { defineJob } from './job.ts';

/** Precomputes every active member's picks into Redis with a model version. */
export default defineJob({
  name: 'recommend.train',
  data: z.object({ communityId: z.string().min(1).optional() }),
  everyMs: 6 * 3600 * 1000,
  attempts: 3,
  async process(core, data) {
    const now = core.services.clock.now();
    const communities = data.communityId ? [data.communityId] : (await core.services.communities.all()).map((c) => c.communityId);
    const trained = [];
    for (const communityId of communities) trained.push({ communityId, ...(await core.services.insights.recommender.train(communityId, now)) });
    return { trained };
  },
});
