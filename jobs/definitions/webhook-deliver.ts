import { z } from 'zod';
import { defineJob } from '../job.ts';

/**
 * One try of an outbound webhook delivery. Core decides what follows (the next try with its
 * wait, giving up, disabling the endpoint), so a failed HTTP request is not a failed job; while
 * MongoDB is away the try waits without using up attempts.
 */
export default defineJob({
  name: 'webhook-deliver',
  data: z.object({
    communityId: z.string().min(1),
    deliveryId: z.string().min(1).max(32),
    attempt: z.number().int().min(0),
    // Only on deliveries holding the member's words: /privacy delete finds their queued tries by them.
    platform: z.string().min(1).optional(),
    userId: z.string().min(1).optional(),
  }),
  attempts: 5,
  waitsForStore: true,
  process: async (core, data) => ({ outcome: await core.services.webhooks.deliveries.attempt(data) }),
});
