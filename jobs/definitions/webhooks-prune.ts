import { z } from 'zod';
import { defineJob } from '../job.ts';

/** Keeps the webhook delivery log to its last 30 days. */
export default defineJob({
  name: 'webhooks-prune',
  data: z.object({}),
  everyMs: 24 * 3600 * 1000,
  process: (core) => core.services.webhooks.log.prune(core.services.clock.now()),
});
