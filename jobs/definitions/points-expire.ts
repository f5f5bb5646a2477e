import { z } from 'zod';
import { defineJob } from '../job.ts';

/** Expires unused points (first in, first out) and warns members ahead of time. */
export default defineJob({
  name: 'points-expire',
  data: z.object({}),
  everyMs: 24 * 3600 * 1000,
  process: (core) => core.services.loyalty.maintenance.expirePoints(core.services.clock.now()),
});
