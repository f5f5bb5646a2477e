import { z } from 'zod';
import { defineJob } from '../job.ts';

/** Daily: a nudge by DM to members at high churn risk (a control share gets none); nudges 30 days old judged. */
export default defineJob({
  name: 'churn-nudges',
  data: z.object({}),
  everyMs: 24 * 3600 * 1000,
  attempts: 5,
  process: (core) => core.services.retention.nudges.run(core.services.clock.now()),
});
