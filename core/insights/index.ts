import type { Redis } from 'ioredis';
import type { Models } from '../db/models.ts';
import type { Communities } from '../identity/communities.ts';
import type { MemberNotices } from '../loyalty/member-notices.ts';
import { Personas } from '../personas/personas.ts';
import type { JobScheduler } from '../ports.ts';
import { RecommendationPush } from '../recommend/push.ts';
import { Recommender } from '../recommend/recommender.ts';
import { InsightMaintenance } from './maintenance.ts';
import { InsightViews } from './views.ts';

/** What managers learn about their members: personas, churn risk, recommendations. */
export interface InsightServices {
  personas: Personas;
  recommender: Recommender;
  push: RecommendationPush;
  maintenance: InsightMaintenance;
  /** The figures of `/insights`: save rate, CSAT, experiments, churn nudges. */
  views: InsightViews;
}

export interface InsightDeps {
  models: Models;
  redis: Redis;
  redisPrefix: string;
  communities: Communities;
  notices: MemberNotices;
  jobs?: JobScheduler | null;
  /** Pause between recommendation DMs (platform rate limits); tests set 0. */
  pushPauseMs?: number;
}

export function createInsights(deps: InsightDeps): InsightServices {
  const { models, redis, redisPrefix } = deps;
  const personas = new Personas(models, redis, redisPrefix);
  const recommender = new Recommender(models, redis, redisPrefix, personas);
  return {
    personas,
    recommender,
    push: new RecommendationPush(
      models,
      redis,
      redisPrefix,
      deps.communities,
      recommender,
      deps.notices,
      deps.pushPauseMs,
    ),
    maintenance: new InsightMaintenance(deps.communities, personas, recommender, deps.jobs ?? null),
    views: new InsightViews(models),
  };
}
