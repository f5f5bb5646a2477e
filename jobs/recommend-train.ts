import { z } from 'zod';
import { communitiesFor, defineJob } from './job.ts';

/** Precomputes every active member's picks into Redis with a model version. */
export default defineJob({
  name: 'recommend.train',
  data: z.object({ communityId: z.string().min(1).optional() }),
  everyMs: 6 * 3600 * 1000,
  attempts: 3,
  async process(core, data) {
    const now = core.services.clock.now();
    const trained = [];
    for (const communityId of await communitiesFor(core, data.communityId))
      trained.push({ communityId, ...(await core.services.insights.recommender.train(communityId, now)) });
    return { trained };
  },
});
