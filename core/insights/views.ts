import type { Models } from '../db/models.ts';
import type { Translate } from '../i18n.ts';
import type { Reply } from '../types.ts';
import { CHURN_DAYS, churnFigures, churnSummary } from './churn-nudges.ts';
import { churnNudgesView } from './churn-nudges.ts';
import { csatView } from './csat.ts';
import { experimentsView } from './experiments.ts';
import { saveRateView } from './save-rate.ts';
import type { InsightRequest, InsightView } from './view.ts';

/** The views of `/insights`, by name; each lives in its own file beside this one. */
export const INSIGHT_VIEWS = {
  'save-rate': saveRateView,
  csat: csatView,
  recommend: experimentsView,
  churn: churnNudgesView,
} satisfies Record<string, InsightView>;

export type InsightViewName = keyof typeof INSIGHT_VIEWS;
export const INSIGHT_VIEW_NAMES = Object.keys(INSIGHT_VIEWS) as InsightViewName[];

/** Reads and renders the views for `/insights` and the weekly digest. */
export class InsightViews {
  constructor(private readonly models: Models) {}

  show(view: InsightViewName, request: InsightRequest): Promise<Reply> {
    return INSIGHT_VIEWS[view](this.models, request);
  }

  /** Churn nudges in one line for the persona report; null while none were ever decided. */
  async churnLine(communityId: string, t: Translate, now: Date): Promise<string | null> {
    const from = new Date(now.getTime() - CHURN_DAYS * 24 * 3600 * 1000);
    const figures = await churnFigures(this.models, communityId, from, now);
    const decided = figures.nudged.trials + figures.control.trials + figures.pending.nudged + figures.pending.control;
    return decided > 0 ? churnSummary(t, figures) : null;
  }
}
