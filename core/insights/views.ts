import type { Models } from '../db/models.ts';
import type { Reply } from '../types.ts';
import { csatView } from './csat.ts';
import { experimentsView } from './experiments.ts';
import { saveRateView } from './save-rate.ts';
import type { InsightRequest, InsightView } from './view.ts';

/** The views of `/insights`, by name; each lives in its own file beside this one. */
export const INSIGHT_VIEWS = {
  'save-rate': saveRateView,
  csat: csatView,
  recommend: experimentsView,
} satisfies Record<string, InsightView>;

export type InsightViewName = keyof typeof INSIGHT_VIEWS;
export const INSIGHT_VIEW_NAMES = Object.keys(INSIGHT_VIEWS) as InsightViewName[];

/** Reads and renders the views for `/insights` and the weekly digest. */
export class InsightViews {
  constructor(private readonly models: Models) {}

  show(view: InsightViewName, request: InsightRequest): Promise<Reply> {
    return INSIGHT_VIEWS[view](this.models, request);
  }
}
