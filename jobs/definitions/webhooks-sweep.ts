import { z } from 'zod';
import { defineJob } from '../job.ts';

/** Queues again webhook tries that are overdue (Redis lost them, or their worker died mid-try). */
export default defineJob({
  name: 'webhooks-sweep',
  data: z.object({}),
  everyMs: 60 * 1000,
  process: (core) => core.services.webhooks.deliveries.sweep(core.services.clock.now()),
});
