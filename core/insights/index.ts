import type { RedisClient } from '../stores/redis-client.ts';
import type { Models } from '../db/models.ts';
import type { Communities } from '../identity/communities.ts';
import type { MemberNotices } from '../loyalty/member-notices.ts';
import { Personas } from '../personas/personas.ts';
import type { JobScheduler } from '../ports.ts';
import { RecommendationPush } from '../recommend/push.ts';
import { Recommender } from '../recommend/recommender.ts';
import { Experiments } from '../recommend/experiments.ts';
import { PickServing } from '../recommend/serving.ts';
import { InsightMaintenance } from './maintenance.ts';

/** What managers learn about their members: personas, churn risk, recommendations. */
export interface InsightServices {
  personas: Personas;
  recommender: Recommender;
  /** Recommendation experiments: variants, exposures and outcomes. */
  experiments: Experiments;
  /** Picks as a member is served them (their experiment variant, or the community's strategy). */
  serving: PickServing;
  push: RecommendationPush;
  maintenance: InsightMaintenance;
}

export interface InsightDeps {
  models: Models;
  redis: RedisClient;
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
  const experiments = new Experiments(models);
  const serving = new PickServing(recommender, experiments);
  return {
    personas,
    recommender,
    experiments,
    serving,
    push: new RecommendationPush(models, redis, redisPrefix, deps.communities, serving, deps.notices, deps.pushPauseMs),
    maintenance: new InsightMaintenance(deps.communities, personas, recommender, experiments, deps.jobs ?? null),
  };
}
