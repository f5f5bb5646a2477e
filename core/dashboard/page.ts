import type { z } from 'zod';
import type { Locale, Translate } from '../i18n.ts';
import type { CoreServices } from '../services.ts';
import type { DashboardSession } from '../stores/dashboard-sessions.ts';
import type { Role } from '../types.ts';
import type { FeedbackIndex } from '../stores/feedback-index.ts';
import type { MemberSearch } from '../stores/member-search.ts';
import type { DashboardStats } from '../figures/dashboard-stats.ts';

/** What a page's loader may use: the signed-in user's community only, in their language. */
export interface PageContext {
  session: DashboardSession;
  communityId: string;
  locale: Locale;
  t: Translate;
  now: Date;
  services: CoreServices;
  stats: DashboardStats;
  feedbackIndex: FeedbackIndex;
  memberSearch: MemberSearch;
}

/**
 * One dashboard page's data: the least role that may see it, its query (validated; a bad
 * value falls back to the default rather than failing the page), and its loader. The web
 * adapter renders what the loader returns; actions go through the dispatcher, not here.
 */
export interface PageSpec<Q extends z.ZodType = z.ZodType, V = unknown> {
  readonly name: string;
  readonly role: Role;
  readonly query: Q;
  load(ctx: PageContext, query: z.output<Q>): Promise<V>;
}

export function definePage<Q extends z.ZodType, V>(spec: PageSpec<Q, V>): PageSpec<Q, V> {
  return spec;
}

/** A theme, channel or persona chart bar's link back into the dashboard. */
export function pageLink(page: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') query.set(key, String(value));
  const text = query.toString();
  return `/dashboard/${page}${text ? `?${text}` : ''}`;
}
