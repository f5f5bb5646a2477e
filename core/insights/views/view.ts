import type { Locale, Translate } from '../../i18n.ts';
import type { Reply } from '../../types.ts';

/** What a manager asked `/insights` for (or what the weekly digest posts), localized. */
export interface InsightRequest {
  communityId: string;
  now: Date;
  t: Translate;
  locale: Locale;
  /** Narrows the view to one thing, when it has things (a campaign's name). */
  subject?: string;
  /** The period: the last `days` days up to `now`, for views that have one (each has its own default). */
  days?: number;
}

/** One view of `/insights` (and, later, of the dashboard): one file under core/insights/views/ each. */
export interface InsightView {
  readonly name: string;
  render(request: InsightRequest): Promise<Omit<Reply, 'ephemeral'>>;
  /** The view in one line for another report (churn nudges in `/personas`); null when there is nothing yet. */
  line?(request: InsightRequest): Promise<string | null>;
}

const DAY_MS = 24 * 3600 * 1000;

export const DEFAULT_DAYS = 30;

export function periodOf(request: InsightRequest, defaultDays = DEFAULT_DAYS): { from: Date; to: Date; days: number } {
  const days = request.days ?? defaultDays;
  return { from: new Date(request.now.getTime() - days * DAY_MS), to: request.now, days };
}
