import { z } from 'zod';
import { defineJob } from '../job.ts';

/** Paid tiers (reminders before the end, fall-back after the grace period) and pauses (reminder, resumption). */
export default defineJob({
  name: 'membership-renewals',
  data: z.object({}),
  everyMs: 3600 * 1000,
  process: (core) => core.services.loyalty.maintenance.processRenewals(core.services.clock.now()),
});
