import { z } from 'zod';
import { defineJob } from '../job.ts';

/** Hourly: posts the daily (and on Mondays the weekly) digest where it is that community's hour. */
export default defineJob({
  name: 'sentiment-digest',
  data: z.object({ at: z.iso.datetime().optional() }),
  everyMs: 3600 * 1000,
  process: (core, data) =>
    core.services.support.digestSchedule.run(data.at ? new Date(data.at) : core.services.clock.now()),
});
