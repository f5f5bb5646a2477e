import { z } from 'zod';
import { supportSettings } from '../../support/settings.ts';
import { definePage } from '../page.ts';

const PAGE_SIZE = 25;

/** Support: the ticket queue (or the closed ones), the FAQ, and how well a question would match it. */
export default definePage({
  name: 'support',
  role: 'manager',
  query: z.object({
    status: z.enum(['unresolved', 'closed']).catch('unresolved'),
    question: z.string().trim().max(300).optional().catch(undefined),
    page: z.coerce.number().int().min(1).max(10_000).catch(1),
  }),
  async load(ctx, query) {
    const { tickets, faq } = ctx.services.support;
    const [queue, counted, entries, community] = await Promise.all([
      query.status === 'closed'
        ? tickets.recentlyClosed(ctx.communityId, PAGE_SIZE)
        : tickets.unresolved(ctx.communityId, PAGE_SIZE, (query.page - 1) * PAGE_SIZE),
      query.status === 'closed' ? Promise.resolve(null) : tickets.countUnresolved(ctx.communityId),
      faq.list(ctx.communityId),
      ctx.services.communities.ensure(ctx.session.platform, ctx.communityId),
    ]);
    // The closed tickets are an archive: its newest page, with no count (that would scan).
    const total = counted ?? queue.length;
    const threshold = supportSettings(community).faqThreshold;
    const match = query.question ? await faq.best(ctx.communityId, query.question) : null;
    return {
      status: query.status,
      total,
      page: query.page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      tickets: queue.map((ticket) => ({
        ticketId: ticket.ticketId,
        status: ticket.status,
        user: ticket.displayName || ticket.userId,
        source: ticket.source,
        text: ticket.text,
        createdAt: ticket.createdAt.toISOString(),
        claimedBy: ticket.claimedBy,
        replies: ((ticket.replies ?? []) as Array<{ by: string; text: string; at: Date }>).map((reply) => ({
          ...reply,
          at: new Date(reply.at).toISOString(),
        })),
      })),
      faq: entries.map((entry) => ({ faqId: entry.faqId, question: entry.question, answer: entry.answer })),
      trial: query.question
        ? {
            question: query.question,
            threshold,
            match: match
              ? {
                  faqId: match.entry.faqId,
                  question: match.entry.question,
                  answer: match.entry.answer,
                  score: Math.round(match.similarity * 1000) / 1000,
                  answers: match.similarity >= threshold,
                }
              : null,
          }
        : null,
    };
  },
});
