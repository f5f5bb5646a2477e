import { z } from 'zod';
import { defineJob } from '../job.ts';

/** Undoes orders a crash left pending and credits referrals a crash interrupted. */
export default defineJob({
  name: 'loyalty-repair',
  data: z.object({}),
  everyMs: 5 * 60 * 1000,
  process: (core) => core.services.loyalty.maintenance.repair(core.services.clock.now()),
});
