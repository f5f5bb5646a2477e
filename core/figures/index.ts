import type { RedisClient } from '../stores/redis-client.ts';
import type { Models } from '../db/models.ts';
import type { CampaignServices } from '../campaigns/index.ts';
import type { InsightServices } from '../insights/index.ts';
import { campaignCounts } from './campaign-figures.ts';
import { FeedbackIndex } from '../stores/feedback-index.ts';
import { MemberSearch } from '../stores/member-search.ts';
import type { SupportServices } from '../support/index.ts';
import { DashboardStats } from './dashboard-stats.ts';

/** What the dashboard reads instead of scanning: the figures snapshot, the feedback index, member search. */
export interface FigureServices {
  stats: DashboardStats;
  feedbackIndex: FeedbackIndex;
  memberSearch: MemberSearch;
}

/** Keeps the feedback index in step with every write and every erasure. */
export function createFigures(deps: {
  models: Models;
  redis: RedisClient;
  redisPrefix: string;
  support: SupportServices;
  insights: InsightServices;
  campaigns: CampaignServices;
}): FigureServices {
  const feedbackIndex = new FeedbackIndex(deps.redis, deps.redisPrefix);
  const memberSearch = new MemberSearch(deps.redis, deps.redisPrefix);
  deps.support.feedback.onStored((feedback) => feedbackIndex.add(feedback));
  deps.support.privacy.alsoErase(async (key) => {
    await feedbackIndex.remove(key.communityId, await deps.support.feedback.idsOf(key));
    return 0;
  });
  return {
    stats: new DashboardStats(
      deps.redis,
      deps.redisPrefix,
      deps.models,
      deps.insights.recommender,
      feedbackIndex,
      memberSearch,
      (communityId, now) => campaignCounts(deps.campaigns, communityId, now),
    ),
    feedbackIndex,
    memberSearch,
  };
}
