import type { Locale, Translate } from '../../i18n.ts';
import type { Reply } from '../../types.ts';

/** What a manager asked `/insights` for, localized. */
export interface InsightRequest {
  communityId: string;
  now: Date;
  t: Translate;
  locale: Locale;
  /** Narrows the view to one thing, when it has things (a campaign's name). */
  subject?: string;
}

/** One view of `/insights` (and, later, of the dashboard): one file under core/insights/views/ each. */
export interface InsightView {
  readonly name: string;
  render(request: InsightRequest): Promise<Omit<Reply, 'ephemeral'>>;
}
