import { jobIdFor } from '../core/ports.ts';
import { z } from 'zod';
import { communitiesFor, defineJob } from './job.ts';

/** Rebuilds persona snapshots: one community on demand, every community nightly. */
export default defineJob({
  name: 'personas.refresh',
  data: z.object({ communityId: z.string().min(1).optional() }),
  everyMs: 24 * 3600 * 1000,
  attempts: 3,
  async process(core, data) {
    const now = core.services.clock.now();
    const refreshed: Array<{ communityId: string; k: number; members: number }> = [];
    for (const communityId of await communitiesFor(core, data.communityId)) {
      const snapshot = await core.services.insights.personas.refresh(communityId, now);
      if (!snapshot) continue;
      refreshed.push({ communityId, k: snapshot.k, members: snapshot.members });
      // Picks for members without their own follow the persona, and personas were just
      // renumbered: retrain once per snapshot (the job id survives a retried refresh).
      await core.services.jobs?.enqueue(
        'recommend.train',
        { communityId },
        { jobId: jobIdFor('recommend-train', String(snapshot._id)) },
      );
    }
    return { refreshed };
  },
});
