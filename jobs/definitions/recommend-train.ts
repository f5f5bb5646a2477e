import { z } from 'zod';
import { defineJob } from '../job.ts';

/** Precomputes every active member's picks into Redis with a model version. */
export default defineJob({
  name: 'recommend-train',
  data: z.object({ communityId: z.string().min(1).optional() }),
  everyMs: 6 * 3600 * 1000,
  attempts: 3,
  process: (core, data) => core.services.insights.maintenance.train(data.communityId, core.services.clock.now()),
});
