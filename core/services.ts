import type { Redis } from 'ioredis';
import { AuditLog } from './admin/audit-log.ts';
import type { CommunityDoc, MemberDoc, Models } from './db/models.ts';
import type { MemberRef } from './db/ids.ts';
import type { Translator } from './i18n.ts';
import { Communities, type CommunityDefaults } from './identity/communities.ts';
import { Members } from './identity/members.ts';
import { createInsights, type InsightServices } from './insights/index.ts';
import type { Logger } from './logger.ts';
import type { InboxOptions } from './loyalty/commerce-inbox.ts';
import { createLoyalty, type LoyaltyServices } from './loyalty/index.ts';
import { createRetention, type RetentionServices } from './retention/index.ts';
import type { Clock, JobScheduler, Notifier, RoleSync } from './ports.ts';
import { ButtonRoutes } from './stores/button-routes.ts';
import { Confirmations } from './stores/confirmations.ts';
import type { DocumentCache } from './stores/document-cache.ts';
import { Installations } from './stores/installations.ts';
import { InvocationLog } from './stores/invocation-log.ts';
import { RateLimiter } from './stores/rate-limiter.ts';
import { SeenMessages } from './stores/seen-messages.ts';
import { createSupport, type SupportServices } from './support/index.ts';

/** The domain services a command handler or job may call. */
export interface CoreServices {
  communities: Communities;
  members: Members;
  loyalty: LoyaltyServices;
  support: SupportServices;
  insights: InsightServices;
  retention: RetentionServices;
  audit: AuditLog;
  confirmations: Confirmations;
  /** Tokens behind buttons sent by DM, naming their community (see dispatcher routing). */
  buttonRoutes: ButtonRoutes;
  invocations: InvocationLog;
  installations: Installations;
  seenMessages: SeenMessages;
  rateLimiter: RateLimiter;
  notifier: Notifier;
  roleSync: RoleSync | null;
  /** Queues work for the workers; null where no queue is wired (then nothing is deferred). */
  jobs: JobScheduler | null;
  translator: Translator;
  clock: Clock;
  logger: Logger;
}

export interface ServiceDeps {
  models: Models;
  memberCache: DocumentCache<MemberDoc>;
  communityCache: DocumentCache<CommunityDoc>;
  redis: Redis;
  redisPrefix: string;
  notifier: Notifier;
  roleSync?: RoleSync | null;
  jobs?: JobScheduler | null;
  translator: Translator;
  clock: Clock;
  defaults: CommunityDefaults;
  commerce: InboxOptions;
  /** A pending order older than this was abandoned by a crash (loyalty-repair undoes it). */
  repairAfterMs: number;
  logger: Logger;
  /** Pause between recommendation DMs (platform rate limits); tests set 0. */
  pushPauseMs?: number;
  /** An operator's own sentiment models (SENTIMENT_MODEL_DIR); unset: the shipped ones. */
  sentimentModelDir?: string;
}

/** Wires the domain services to each other; the one place that knows all of them. */
export function createServices(deps: ServiceDeps): CoreServices {
  const communities = new Communities(deps.models, deps.communityCache, deps.defaults);
  const members = new Members(deps.models, deps.memberCache);
  const loyalty = createLoyalty({ ...deps, roleSync: deps.roleSync ?? null, communities, members });
  const insights = createInsights({ ...deps, communities, notices: loyalty.notices });
  const invocations = new InvocationLog(deps.redis, deps.redisPrefix);
  const buttonRoutes = new ButtonRoutes(deps.redis, deps.redisPrefix);
  loyalty.orders.onOwned((member, itemId) => insights.recommender.exclude(member, itemId));
  loyalty.commerce.onPurchase((member, itemId) => insights.recommender.exclude(member, itemId));
  // A redemption or purchase is an experiment's outcome for the picks shown before it.
  // Figures only: a failure is logged and never fails the redemption or the purchase.
  const converted = (member: MemberRef, itemId: string) =>
    insights.experiments
      .recordConversion(member, itemId, deps.clock.now())
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'experiment conversion not recorded'));
  loyalty.orders.onOwned(converted);
  loyalty.commerce.onPurchase(converted);
  return {
    communities,
    members,
    loyalty,
    support: createSupport({
      ...deps,
      communities,
      loyalty,
      personas: insights.personas,
      invocations,
      buttonRoutes,
      views: insights.views,
    }),
    insights,
    retention: createRetention({
      ...deps,
      loyalty,
      communities,
      personas: insights.personas,
      serving: insights.serving,
      buttonRoutes,
    }),
    audit: new AuditLog(deps.models),
    confirmations: new Confirmations(deps.redis, deps.redisPrefix),
    buttonRoutes,
    invocations,
    installations: new Installations(deps.models),
    seenMessages: new SeenMessages(deps.redis, deps.redisPrefix),
    rateLimiter: new RateLimiter(deps.redis, deps.redisPrefix),
    notifier: deps.notifier,
    roleSync: deps.roleSync ?? null,
    jobs: deps.jobs ?? null,
    translator: deps.translator,
    clock: deps.clock,
    logger: deps.logger,
  };
}
