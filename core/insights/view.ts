import type { Models } from '../db/models.ts';
import type { Locale, Translate } from '../i18n.ts';
import type { Reply } from '../types.ts';

/** What an insight view is asked: whose figures, over which days, in which language. */
export interface InsightRequest {
  communityId: string;
  t: Translate;
  locale: Locale;
  now: Date;
  /** The period: the last `days` days up to `now` (each view has its own default). */
  days?: number;
  /** Shown to the caller only (/insights) or posted to a channel (the weekly digest). */
  ephemeral: boolean;
}

/** One view of `/insights`: reads what it needs and answers a chat card. */
export type InsightView = (models: Models, request: InsightRequest) => Promise<Reply>;

const DAY_MS = 24 * 3600 * 1000;

export const DEFAULT_DAYS = 30;

export function periodOf(request: InsightRequest, defaultDays = DEFAULT_DAYS): { from: Date; to: Date; days: number } {
  const days = request.days ?? defaultDays;
  return { from: new Date(request.now.getTime() - days * DAY_MS), to: request.now, days };
}
