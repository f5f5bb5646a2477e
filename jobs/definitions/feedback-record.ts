import { z } from 'zod';
import { PLATFORMS } from '../../core/index.ts';
import { defineJob } from '../job.ts';

/** Feedback that arrived while MongoDB was away; written once it is back (same id: exactly once). */
export default defineJob({
  name: 'feedback-record',
  data: z.object({
    communityId: z.string().min(1),
    platform: z.enum(PLATFORMS),
    userId: z.string().min(1),
    displayName: z.string(),
    channelId: z.string().nullable(),
    text: z.string().min(1).max(2000),
    requestId: z.string().min(1),
    at: z.iso.datetime(),
  }),
  attempts: 12,
  async process(core, data) {
    const outcome = await core.services.support.feedback.record({ ...data, source: 'command', at: new Date(data.at) });
    return { feedbackId: outcome.feedback._id, ticket: outcome.ticket?.ticketId ?? null };
  },
});
