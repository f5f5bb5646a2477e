import type { CampaignServices } from '../../campaigns/index.ts';
import { campaignsView } from './campaigns.ts';
import type { InsightView } from './view.ts';

/**
 * The views `/insights` offers, in the order it lists them. A view is a file in this folder
 * and one line here and in createInsightViews.
 */
export const INSIGHT_VIEWS = ['campaigns'] as const;
export type InsightViewName = (typeof INSIGHT_VIEWS)[number];

/** What the views read from; each view takes only its part. */
export interface InsightViewSources {
  campaigns: CampaignServices;
}

export type InsightViews = ReadonlyMap<InsightViewName, InsightView>;

export function createInsightViews(sources: InsightViewSources): InsightViews {
  const views: InsightView[] = [campaignsView(sources.campaigns)];
  return new Map(views.map((view) => [view.name as InsightViewName, view]));
}
