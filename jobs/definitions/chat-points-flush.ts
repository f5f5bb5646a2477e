import { z } from 'zod';
import { defineJob } from '../job.ts';

/** Moves chat activity counted in Redis into the points ledger. */
export default defineJob({
  name: 'chat-points-flush',
  data: z.object({}),
  everyMs: 60 * 1000,
  process: (core) => core.services.loyalty.maintenance.flushChatPoints(),
});
