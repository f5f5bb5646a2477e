import { z } from 'zod';
import { SUPPORTED_LOCALES } from './i18n.ts';

const optionalSecret = z.string().min(1).optional();
const port = z.coerce.number().int().min(0).max(65535);

/** Every setting the processes read; parsed once from the environment at start-up. */
const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\/[^/]+/, 'must be a mongodb:// or mongodb+srv:// URL')
      .default('mongodb://127.0.0.1:27017/loyalbot'),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/[^/]+/, 'must be a redis:// or rediss:// URL')
      .default('redis://127.0.0.1:6379'),
    /** A Redis Cluster instead of REDIS_URL's one server: some of its nodes as `host:port,host:port`. */
    REDIS_CLUSTER_NODES: z
      .string()
      .regex(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, 'a comma-separated list of host:port')
      .transform((list) =>
        list.split(',').map((node) => {
          const at = node.lastIndexOf(':');
          return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
        }),
      )
      .pipe(z.array(z.object({ host: z.string(), port: z.number().int().min(1).max(65535) })))
      .optional(),
    REDIS_PREFIX: z
      .string()
      .regex(/^[\w.-]+$/, 'letters, digits, dot, dash or underscore')
      .default('loyalbot'),
    DEFAULT_LOCALE: z.enum(SUPPORTED_LOCALES).default('en'),
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    HTTP_PORT: port.default(3000),
    WORKER_HTTP_PORT: port.default(3001),
    /** `off` for Discord shard processes (npm run bot:sharded): one `npm run bot` serves HTTP for all. */
    BOT_HTTP_SERVER: z.enum(['on', 'off']).default('on'),
    /** Where people reach the bot's HTTP server (dashboard links); https makes its cookies Secure. */
    PUBLIC_URL: z.url().optional(),
    /** Largest HTTP request body on every route, enforced while it streams in. */
    HTTP_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    /** Time a client has to send a whole HTTP request. */
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
    /** Commerce events whose own time is older than this many days are refused with 400. */
    COMMERCE_EVENT_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** A pending order older than this is taken as abandoned by a crash and undone by loyalty-repair. */
    ORDER_REPAIR_AFTER_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    /** How often every worker re-installs the repeating job schedules (they vanish if Redis is lost). */
    JOB_SCHEDULES_REASSERT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    /** How long a worker holds a job before another may take it over (a crashed worker's job). */
    JOB_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    /** Wait between tries of a job that needs MongoDB while it is away (such tries are not counted). */
    JOB_STORE_RETRY_MS: z.coerce.number().int().min(10).max(600_000).default(30_000),
    /** Jobs of one queue a worker process runs at once. */
    JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    /** Only for tests and local development: webhook endpoints may be loopback addresses (and plain http). */
    WEBHOOK_ALLOW_LOOPBACK: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /** Time one outbound webhook request may take, connecting included. */
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** Wait before a failed webhook delivery is tried again; each further failure doubles it. */
    WEBHOOK_RETRY_FIRST_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
    /** Longest wait between tries of a webhook delivery (tries go on for 24 hours). */
    WEBHOOK_RETRY_MAX_MS: z.coerce
      .number()
      .int()
      .min(10)
      .max(6 * 3_600_000)
      .default(3_600_000),
    /** Bearer token for GET /metrics; without it only loopback clients may read metrics. */
    METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
    BOT_ADAPTERS: z
      .string()
      .regex(
        /^(console|discord|slack)(,(console|discord|slack))*$/,
        'a comma-separated list of console, discord, slack',
      )
      .optional(),
    CONSOLE_COMMUNITY_ID: z.string().min(1).default('demo'),
    DISCORD_TOKEN: optionalSecret,
    DISCORD_APPLICATION_ID: z.string().regex(/^\d+$/, 'must be the numeric application id').optional(),
    DISCORD_API_BASE_URL: z.url().optional(),
    /** Privileged intent: needed for chat points and passive sentiment on Discord. */
    DISCORD_MESSAGE_CONTENT: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /** Register slash commands in this guild only (instant) instead of globally. */
    DISCORD_GUILD_ID: z.string().regex(/^\d+$/, 'must be a numeric guild id').optional(),
    SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must start with xoxb-').optional(),
    SLACK_SIGNING_SECRET: optionalSecret,
    SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must start with xapp-').optional(),
    SLACK_CLIENT_ID: optionalSecret,
    SLACK_CLIENT_SECRET: optionalSecret,
    SLACK_STATE_SECRET: optionalSecret,
    SLACK_API_URL: z.url().optional(),
    /** A directory of sentiment-<language>.json models trained with `train:sentiment -- --data`. */
    SENTIMENT_MODEL_DIR: z.string().trim().min(1).optional(),
  })
  .superRefine((env, ctx) => {
    const requireWith = (present: keyof typeof env, needed: keyof typeof env) => {
      if (env[present] !== undefined && env[needed] === undefined) {
        ctx.addIssue({ code: 'custom', path: [needed], message: `is required when ${present} is set` });
      }
    };
    requireWith('DISCORD_TOKEN', 'DISCORD_APPLICATION_ID');
    requireWith('SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET');
    requireWith('SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET');
    requireWith('SLACK_CLIENT_ID', 'SLACK_SIGNING_SECRET');
    // OAuth state must be signed with a secret of its own, never silently with the signing secret.
    requireWith('SLACK_CLIENT_ID', 'SLACK_STATE_SECRET');
  });

export type Config = z.infer<typeof configSchema>;

/** Thrown when the environment does not make a valid configuration; lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; empty strings count as unset so `.env` templates can leave blanks. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  throw new ConfigError(problems);
}

/** The bot's public address: PUBLIC_URL, else its own HTTP server as configured. */
export function publicUrl(config: Config): string {
  const host = config.HTTP_HOST === '0.0.0.0' ? '127.0.0.1' : config.HTTP_HOST;
  return (config.PUBLIC_URL ?? `http://${host}:${config.HTTP_PORT}`).replace(/\/$/, '');
}

/** Which chat adapters the bot process starts: explicit list, else those with credentials, else console. */
export function chosenAdapters(config: Config): Array<'console' | 'discord' | 'slack'> {
  if (config.BOT_ADAPTERS)
    return [...new Set(config.BOT_ADAPTERS.split(','))] as Array<'console' | 'discord' | 'slack'>;
  const adapters: Array<'discord' | 'slack'> = [];
  if (config.DISCORD_TOKEN) adapters.push('discord');
  if (config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID) adapters.push('slack');
  return adapters.length > 0 ? adapters : ['console'];
}
