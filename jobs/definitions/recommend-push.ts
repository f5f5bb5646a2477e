import { z } from 'zod';
import { defineJob } from '../job.ts';

/** The weekly recommendation DM to members who opted in (once per member per week). */
export default defineJob({
  name: 'recommend-push',
  data: z.object({}),
  everyMs: 7 * 24 * 3600 * 1000,
  attempts: 5,
  process: (core) => core.services.insights.push.run(core.services.clock.now()),
});
