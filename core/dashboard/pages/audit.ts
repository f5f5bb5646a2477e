import { z } from 'zod';
import { ACTION_CHANNELS } from '../../types.ts';
import { definePage } from '../page.ts';

/** Audit: who did what and when, from chat or the web, newest first. */
export default definePage({
  name: 'audit',
  role: 'manager',
  query: z.object({ via: z.enum(ACTION_CHANNELS).optional().catch(undefined) }),
  async load(ctx, query) {
    const entries = await ctx.services.audit.recent(ctx.communityId, 100, query.via);
    return {
      via: query.via ?? null,
      entries: entries.map((entry) => ({
        at: entry.at.toISOString(),
        action: entry.action,
        actor: entry.actorId,
        target: entry.targetId ?? null,
        reason: entry.reason ?? null,
        via: entry.via ?? 'chat',
        details: shorten(JSON.stringify(entry.details ?? {}), 240),
      })),
    };
  },
});

const shorten = (text: string, most: number) => (text.length > most ? `${text.slice(0, most - 1)}…` : text);
