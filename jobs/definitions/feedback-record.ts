import { z } from 'zod';
import { PLATFORMS } from '../../core/index.ts';
import { defineJob } from '../job.ts';

/**
 * Feedback that arrived while MongoDB was away: it waits for the database however long that
 * takes (tries during the outage are not counted) and is written once (same id: exactly once).
 */
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
  waitsForStore: true,
  async process(core, data) {
    const input = { ...data, source: 'command' as const, at: new Date(data.at) };
    const outcome = await core.services.support.queuedFeedback.record(input);
    if (!outcome) return { dropped: 'the member erased their writings since' };
    return { feedbackId: outcome.feedback._id, ticket: outcome.ticket?.ticketId ?? null };
  },
});
