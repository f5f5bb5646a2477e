import { z } from 'zod';
import { defineJob } from '../job.ts';

/**
 * Recomputes the dashboard's figures (what its pages would otherwise scan for): one community
 * on demand, every community each 10 minutes.
 */
export default defineJob({
  name: 'dashboard-refresh',
  data: z.object({ communityId: z.string().min(1).optional() }),
  everyMs: 10 * 60 * 1000,
  attempts: 3,
  process: async (core, data) =>
    core.services.figures.stats.refreshEach(
      await core.services.communities.ids(data.communityId),
      core.services.clock.now(),
    ),
});
