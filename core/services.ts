import type { RedisClient } from './stores/redis-client.ts';
import { AuditLog } from './admin/audit-log.ts';
import { createCampaigns, type CampaignServices } from './campaigns/index.ts';
import type { CommunityDoc, MemberDoc, Models } from './db/models.ts';
import type { MemberRef } from './db/ids.ts';
import { DomainEvents } from './domain-events.ts';
import type { Translator } from './i18n.ts';
import { Communities, type CommunityDefaults } from './identity/communities.ts';
import { Members } from './identity/members.ts';
import { createFigures, type FigureServices } from './figures/index.ts';
import { createInsights, type InsightServices } from './insights/index.ts';
import { createInsightViews, type InsightViews } from './insights/views/index.ts';
import type { Logger } from './logger.ts';
import type { InboxOptions } from './loyalty/commerce-inbox.ts';
import { createLoyalty, type LoyaltyServices } from './loyalty/index.ts';
import { createRetention, type RetentionServices } from './retention/index.ts';
import type { Clock, JobScheduler, Notifier, OutboundHttp, RoleSync } from './ports.ts';
import { ButtonRoutes } from './stores/button-routes.ts';
import { Confirmations } from './stores/confirmations.ts';
import { DashboardSessions } from './stores/dashboard-sessions.ts';
import type { DocumentCache } from './stores/document-cache.ts';
import { Installations } from './stores/installations.ts';
import { InvocationLog } from './stores/invocation-log.ts';
import { RateLimiter } from './stores/rate-limiter.ts';
import { SeenMessages } from './stores/seen-messages.ts';
import { createSupport, type SupportServices } from './support/index.ts';
import type { DeliveryTimings } from './webhooks/deliveries.ts';
import { createWebhooks, type WebhookServices } from './webhooks/index.ts';

/** The domain services a command handler or job may call. */
export interface CoreServices {
  communities: Communities;
  members: Members;
  loyalty: LoyaltyServices;
  support: SupportServices;
  insights: InsightServices;
  retention: RetentionServices;
  /** The views of `/insights`, by name (campaigns, save rate, CSAT, experiments, churn nudges). */
  insightViews: InsightViews;
  campaigns: CampaignServices;
  webhooks: WebhookServices;
  /** Where services tell what happened (webhooks listen). */
  events: DomainEvents;
  audit: AuditLog;
  confirmations: Confirmations;
  /** Tokens behind buttons sent by DM, naming their community (see dispatcher routing). */
  buttonRoutes: ButtonRoutes;
  invocations: InvocationLog;
  installations: Installations;
  seenMessages: SeenMessages;
  rateLimiter: RateLimiter;
  dashboardSessions: DashboardSessions;
  /** What the dashboard reads instead of scanning (figures snapshot, feedback index, member search). */
  figures: FigureServices;
  /** The bot's public address, for links to the dashboard. */
  publicUrl: string;
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
  redis: RedisClient;
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
  publicUrl: string;
  logger: Logger;
  /** Pause between recommendation DMs (platform rate limits); tests set 0. */
  pushPauseMs?: number;
  /** An operator's own sentiment models (SENTIMENT_MODEL_DIR); unset: the shipped ones. */
  sentimentModelDir?: string;
  /** Outbound HTTP for webhooks (the entry point's client); without it webhooks cannot be added or sent. */
  outbound?: OutboundHttp | null;
  webhookTimings: DeliveryTimings;
}

/** Wires the domain services to each other; the one place that knows all of them. */
export function createServices(deps: ServiceDeps): CoreServices {
  const events = new DomainEvents(deps.logger);
  const communities = new Communities(deps.models, deps.communityCache, deps.defaults);
  const members = new Members(deps.models, deps.memberCache, events);
  const loyalty = createLoyalty({ ...deps, roleSync: deps.roleSync ?? null, communities, members, events });
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
  const campaigns = createCampaigns({ ...deps, communities, loyalty, personas: insights.personas });
  const insightViews = createInsightViews({ campaigns, models: deps.models });
  const support = createSupport({
    ...deps,
    communities,
    loyalty,
    personas: insights.personas,
    invocations,
    events,
    buttonRoutes,
    views: insightViews,
  });
  const webhooks = createWebhooks({ ...deps, communities, notices: loyalty.notices, events });
  support.privacy.alsoErase((key) => webhooks.log.forgetMember(key));
  const figures = createFigures({ ...deps, support, insights, campaigns });
  const audit = new AuditLog(deps.models, deps.redis, deps.redisPrefix);
  support.privacy.alsoErase((key) => audit.forgetReasonsOf(key));
  return {
    communities,
    members,
    loyalty,
    support,
    insights,
    retention: createRetention({
      ...deps,
      loyalty,
      communities,
      personas: insights.personas,
      serving: insights.serving,
      buttonRoutes,
    }),
    insightViews,
    campaigns,
    webhooks,
    events,
    audit,
    confirmations: new Confirmations(deps.redis, deps.redisPrefix),
    buttonRoutes,
    invocations,
    installations: new Installations(deps.models),
    seenMessages: new SeenMessages(deps.redis, deps.redisPrefix),
    rateLimiter: new RateLimiter(deps.redis, deps.redisPrefix),
    dashboardSessions: new DashboardSessions(deps.redis, deps.redisPrefix),
    figures,
    publicUrl: deps.publicUrl,
    notifier: deps.notifier,
    roleSync: deps.roleSync ?? null,
    jobs: deps.jobs ?? null,
    translator: deps.translator,
    clock: deps.clock,
    logger: deps.logger,
  };
}
