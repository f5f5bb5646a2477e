import type { Connection } from 'mongoose';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { createAdapterApi, type AdapterApi } from './adapter-api.ts';
import { publicUrl, type Config } from './config.ts';
import { connectMongo, pingMongo } from './db/connection.ts';
import {
  COMMUNITY_DATE_FIELDS,
  createModels,
  ensureIndexes,
  MEMBER_DATE_FIELDS,
  type CommunityDoc,
  type MemberDoc,
  type Models,
} from './db/models.ts';
import { Dispatcher } from './dispatch/dispatcher.ts';
import { createDashboardApi, type DashboardApi } from './dashboard/api.ts';
import { loadCommandRegistry, type CommandRegistry } from './dispatch/registry.ts';
import { createTranslator, type Translator } from './i18n.ts';
import { createLogger, type Logger } from './logger.ts';
import {
  NotifierRouter,
  RoleSyncRouter,
  systemClock,
  type Clock,
  type JobScheduler,
  type OutboundHttp,
  type RoleSync,
} from './ports.ts';
import { createServices, type CoreServices } from './services.ts';
import { DocumentCache } from './stores/document-cache.ts';
import { connectRedisClient, type RedisClient, type RedisTarget } from './stores/redis-client.ts';

export interface CoreOptions {
  /** Overrides the database named in MONGODB_URI (tests use one database per file). */
  dbName?: string;
  logger?: Logger;
  clock?: Clock;
  roleSync?: RoleSync | null;
  /** The queue side of jobs (jobs/runtime/queue-scheduler.ts); without it nothing is deferred. */
  jobs?: JobScheduler | null;
  pushPauseMs?: number;
  /** Outbound HTTP for webhooks (bots/http/webhook-client.ts); without it webhooks cannot be added or sent. */
  outbound?: OutboundHttp | null;
}

/** What a health check found: each dependency answering or not. */
export interface HealthReport {
  ok: boolean;
  checks: Record<string, boolean>;
}

/**
 * Everything core builds from configuration; entry points add adapters or workers on top.
 * Adapters use the dispatcher, the AdapterApi and the registries; jobs call `services`.
 */
export interface Core extends AdapterApi {
  config: Config;
  logger: Logger;
  translator: Translator;
  commands: CommandRegistry;
  dispatcher: Dispatcher;
  /** The web dashboard's door into core: sessions, pages' data, actions through the dispatcher. */
  dashboard: DashboardApi;
  /** Adapters register how they send DMs and channel posts, and sync tier roles. */
  notifiers: NotifierRouter;
  roleSyncs: RoleSyncRouter;
  metrics: Registry;
  services: CoreServices;
  connection: Connection;
  models: Models;
  redis: RedisClient;
  redisPrefix: string;
  health(): Promise<HealthReport>;
  close(): Promise<void>;
}

/** Core's own connection: a command fails after a few tries instead of waiting for Redis forever. */
export function connectRedis(target: RedisTarget): RedisClient {
  return connectRedisClient(target, { maxRetriesPerRequest: 3, enableReadyCheck: true, lazyConnect: false });
}

/** The composition root: connections, models, services and the dispatcher, from validated config. */
export async function createCore(config: Config, options: CoreOptions = {}): Promise<Core> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const connection = await connectMongo(config.MONGODB_URI, options.dbName);
  const redis = connectRedis(config);
  try {
    await redis.ping();
    const prefix = config.REDIS_PREFIX;
    const memberCache = new DocumentCache<MemberDoc>(redis, `${prefix}:member-cache`, MEMBER_DATE_FIELDS);
    const communityCache = new DocumentCache<CommunityDoc>(redis, `${prefix}:community-cache`, COMMUNITY_DATE_FIELDS);
    const models = createModels(connection, {
      onMemberWrite: (id) => memberCache.changed(id),
      onCommunityWrite: (id) => communityCache.changed(id),
    });
    await ensureIndexes(models);
    const translator = await createTranslator(config.DEFAULT_LOCALE);
    const commands = await loadCommandRegistry();
    const notifiers = new NotifierRouter();
    const roleSyncs = new RoleSyncRouter();
    const metrics = new Registry();
    collectDefaultMetrics({ register: metrics, prefix: 'loyalbot_' });
    const services = createServices({
      models,
      memberCache,
      communityCache,
      redis,
      redisPrefix: prefix,
      notifier: notifiers,
      roleSync: options.roleSync ?? roleSyncs,
      jobs: options.jobs,
      pushPauseMs: options.pushPauseMs,
      translator,
      clock: options.clock ?? systemClock,
      defaults: { defaultLocale: config.DEFAULT_LOCALE },
      commerce: { maxEventAgeDays: config.COMMERCE_EVENT_MAX_AGE_DAYS },
      repairAfterMs: config.ORDER_REPAIR_AFTER_SECONDS * 1000,
      publicUrl: publicUrl(config),
      logger,
      sentimentModelDir: config.SENTIMENT_MODEL_DIR,
      outbound: options.outbound,
      webhookTimings: {
        retryFirstMs: config.WEBHOOK_RETRY_FIRST_MS,
        retryMaxMs: config.WEBHOOK_RETRY_MAX_MS,
        // A try still running after its timeout and a minute's margin was lost with its worker.
        leaseMs: config.WEBHOOK_TIMEOUT_MS + 60_000,
      },
    });
    const dispatcher = new Dispatcher({ services, commands, logger, defaultLocale: config.DEFAULT_LOCALE, metrics });
    return {
      ...createAdapterApi(services),
      config,
      logger,
      translator,
      commands,
      dispatcher,
      dashboard: createDashboardApi(services, dispatcher),
      notifiers,
      roleSyncs,
      metrics,
      services,
      connection,
      models,
      redis,
      redisPrefix: prefix,
      health: async () => {
        const checks = {
          mongodb: await pingMongo(connection),
          redis: await redis.ping().then(
            () => true,
            () => false,
          ),
        };
        return { ok: checks.mongodb && checks.redis, checks };
      },
      close: async () => {
        await connection.close();
        await redis.quit().catch(() => redis.disconnect());
      },
    };
  } catch (error) {
    await connection.close().catch(() => undefined);
    redis.disconnect();
    throw error;
  }
}
