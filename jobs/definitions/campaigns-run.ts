import { z } from 'zod';
import { defineJob } from '../job.ts';

/** Announces campaigns as they start, pays their bonuses and sends their DMs; every step once. */
export default defineJob({
  name: 'campaigns-run',
  data: z.object({}),
  everyMs: 5 * 60 * 1000,
  process: (core) => core.services.campaigns.runner.run(core.services.clock.now()),
});
