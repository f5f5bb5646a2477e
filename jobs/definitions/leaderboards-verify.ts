import { z } from 'zod';
import { defineJob } from '../job.ts';

/** Compares all-time leaderboards with MongoDB and rebuilds those that drifted (after a Redis loss). */
export default defineJob({
  name: 'leaderboards-verify',
  data: z.object({}),
  everyMs: 3600 * 1000,
  process: (core) => core.services.loyalty.maintenance.verifyLeaderboards(core.services.clock.now()),
});
