import { z } from 'zod';
import { defineJob } from '../job.ts';

/** Nightly tier promotions and demotions (rolling 12-month tiers move both ways). */
export default defineJob({
  name: 'tiers-recompute',
  data: z.object({}),
  everyMs: 24 * 3600 * 1000,
  process: (core) => core.services.loyalty.maintenance.recomputeTiers(core.services.clock.now()),
});
