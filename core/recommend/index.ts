import type { Redis } from 'ioredis';
import type { Models } from '../db/models.ts';
import type { MemberNotices } from '../loyalty/member-notices.ts';
import { Personas } from '../personas/personas.ts';
import type { Communities } from '../services/communities.ts';
import { RecommendationPush } from './push.ts';
import { Recommender } from './recommender.ts';

export interface InsightServices {
  personas: Personas;
  recommender: Recommender;
  push: RecommendationPush;
}

export function createInsights(deps: {
  models: Models;
  redis: Redis;
  redisPrefix: string;
  communities: Communities;
  notices: MemberNotices;
  pushPauseMs?: number;
}): InsightServices {
  const personas = new Personas(deps.models, deps.redis, deps.redisPrefix);
  const recommender = new Recommender(deps.models, deps.redis, deps.redisPrefix, personas);
  return {
    personas,
    recommender,
    push: new RecommendationPush(
      deps.models,
      deps.redis,
      deps.redisPrefix,
      deps.communities,
      recommender,
      deps.notices,
      deps.pushPauseMs,
    ),
  };
}
