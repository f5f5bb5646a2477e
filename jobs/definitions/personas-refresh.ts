import { z } from 'zod';
import { defineJob } from '../job.ts';

/** Rebuilds persona snapshots: one community on demand, every community nightly. */
export default defineJob({
  name: 'personas-refresh',
  data: z.object({ communityId: z.string().min(1).optional() }),
  everyMs: 24 * 3600 * 1000,
  attempts: 3,
  process: (core, data) =>
    core.services.insights.maintenance.refreshPersonas(data.communityId, core.services.clock.now()),
});
