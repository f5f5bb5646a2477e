import type { CampaignServices } from '../../campaigns/index.ts';
import type { Models } from '../../db/models.ts';
import { campaignsView } from './campaigns.ts';
import { churnView } from './churn.ts';
import { csatView } from './csat.ts';
import { recommendView } from './recommend.ts';
import { saveRateView } from './save-rate.ts';
import type { InsightView } from './view.ts';

/**
 * The views `/insights` offers, in the order it lists them. A view is a file in this folder
 * and one line here and in createInsightViews.
 */
export const INSIGHT_VIEWS = ['campaigns', 'save-rate', 'csat', 'recommend', 'churn'] as const;
export type InsightViewName = (typeof INSIGHT_VIEWS)[number];

/** What the views read from; each view takes only its part. */
export interface InsightViewSources {
  campaigns: CampaignServices;
  models: Models;
}

export type InsightViews = ReadonlyMap<InsightViewName, InsightView>;

export function createInsightViews(sources: InsightViewSources): InsightViews {
  const views: InsightView[] = [
    campaignsView(sources.campaigns),
    saveRateView(sources.models),
    csatView(sources.models),
    recommendView(sources.models),
    churnView(sources.models),
  ];
  return new Map(views.map((view) => [view.name as InsightViewName, view]));
}
